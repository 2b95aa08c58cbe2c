package dev.switchboard.worker.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.provider.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Anthropic Message Batches against the simulator's implementation of that API, over real HTTP. */
class AnthropicBatchTest {
    @Test
    void shouldSubmitABatchAndReadEveryResultOnceItEnds() throws Exception {
        try (SimulatedProvider simulator = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.1)
                .withBatchCompletion(Duration.ofMillis(500)))) {
            AnthropicProvider provider = new AnthropicProvider("anthropic-sim", URI.create(simulator.baseUri().toString()),
                    Secret.of("test-key"), Duration.ofSeconds(2));
            Map<String, ChatCall> calls = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                calls.put("req-" + i, new ChatCall("sim/small", List.of(new ChatMessage("user", "Batch question " + i, null, null, new java.util.ArrayList<>())),
                        new GenerationParams(100, null, null, new ArrayList<>(), null), Duration.ofSeconds(5)));
            }

            String batchId = provider.submitBatch(calls).get(10, TimeUnit.SECONDS);
            Optional<Map<String, ProviderResult>> results = Optional.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (results.isEmpty() && System.nanoTime() < deadline) {
                results = provider.batchResults(batchId).get(10, TimeUnit.SECONDS);
            }

            assertThat(results).as("the batch ended within 10 s").isPresent();
            assertThat(results.get()).containsOnlyKeys("req-0", "req-1", "req-2").allSatisfy((id, result) -> {
                assertThat(result).isInstanceOf(ProviderResult.Success.class);
                ProviderResult.Success success = (ProviderResult.Success) result;
                assertThat(success.promptTokens()).isPositive();
                assertThat(success.content()).contains("Simulated");
            });
        }
    }
}
