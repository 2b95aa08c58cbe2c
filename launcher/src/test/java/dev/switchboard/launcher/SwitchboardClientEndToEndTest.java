package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ChatAnswer;
import dev.switchboard.client.ChatRequest;
import dev.switchboard.client.InFlightLimitException;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.schemas.ResponseStatus;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The Java client against the embedded system: the README example as written, back-pressure, and a draining close. */
class SwitchboardClientEndToEndTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void shouldRunTheReadmeExampleAndBoundRequestsInFlightAndDrainOnClose() throws Exception {
        SwitchboardConfig config = PipelineContract.fastDefaults().withEmbeddings(new SwitchboardConfig.EmbeddingSettings("none"));
        try (SwitchboardSystem system = SwitchboardSystem.start(config, EnumSet.of(Component.ROUTER, Component.WORKER))) {
            ChatAnswer answer = ClientReadmeExample.ask(system.bootstrapServers(), config.registry().url());
            assertThat(answer.status()).isEqualTo(ResponseStatus.OK);
            assertThat(answer.model()).isEqualTo("sim/small");
            assertThat(answer.content()).isNotBlank();
            assertThat(answer.cost()).isGreaterThan(BigDecimal.ZERO);

            SwitchboardClient client = SwitchboardClient.builder().bootstrapServers(system.bootstrapServers()).registryUrl(config.registry().url())
                    .maxInFlight(3).admissionWait(Duration.ZERO).build();
            String replyTopic = client.replyTopic();
            List<CompletableFuture<ChatAnswer>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                admitted.add(client.submit(question("slot " + i)));
            }
            CompletableFuture<ChatAnswer> refused = client.submit(question("one too many"));
            assertThat(refused).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(InFlightLimitException.class);

            client.close(); // drains: every admitted request is answered before close returns
            assertThat(admitted).allSatisfy(f -> assertThat(f).isCompleted());
            assertThat(admitted.stream().map(CompletableFuture::join).map(ChatAnswer::status).collect(Collectors.toSet()))
                    .containsExactly(ResponseStatus.OK);
            assertThat(client.stats().answered()).isEqualTo(3);
            assertThat(client.submit(question("after close"))).isCompletedExceptionally();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", system.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).as("a generated reply topic is removed on close").doesNotContain(replyTopic);
            }
        }
    }

    @Test
    void shouldShowTheCompiledExampleInTheReadme() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/switchboard/launcher/ClientReadmeExample.java"));
        String example = source.substring(source.indexOf("// README:begin") + "// README:begin".length(), source.indexOf("// README:end"));
        String readme = Files.readString(README);
        assertThat(normalise(readme)).as("README shows ClientReadmeExample's lines between its markers").contains(normalise(example));
    }

    private static String normalise(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    private static ChatRequest question(String text) {
        return ChatRequest.builder().tenant("acme").model("sim/small").noCache().user(text + " " + System.nanoTime()).build();
    }
}
