package dev.switchboard.worker.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.worker.provider.Calls;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.provider.Secret;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Azure addressing over real HTTP: deployment in the path, api-version in the query, the key in api-key. */
class AzureOpenAiProviderTest {
    @Test
    void shouldAddressTheDeploymentWithTheApiKeyHeader() throws Exception {
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<String> key = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().toString());
            key.set(exchange.getRequestHeaders().getFirst("api-key"));
            byte[] body = ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            AzureOpenAiProvider provider = new AzureOpenAiProvider("azure", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/openai"),
                    null, Secret.of("azure-key"), Duration.ofSeconds(2));

            ProviderResult result = provider.complete(Calls.conversation("gpt-4o-prod")).get(10, TimeUnit.SECONDS);

            assertThat(result).isInstanceOf(ProviderResult.Success.class);
            assertThat(path.get()).isEqualTo("/openai/deployments/gpt-4o-prod/chat/completions?api-version=" + AzureOpenAiProvider.DEFAULT_API_VERSION);
            assertThat(key.get()).isEqualTo("azure-key");
        } finally {
            server.stop(0);
        }
    }
}
