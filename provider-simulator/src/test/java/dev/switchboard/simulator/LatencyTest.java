package dev.switchboard.simulator;

import static dev.switchboard.simulator.SimulatorClient.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void answerTakesAtLeastTheTimeToFirstToken() {
        SimulatorConfig config = SimulatorConfig.defaults().withModel("sim/slow", ModelLatency.ofMillis(200, 0));
        try (SimulatedProvider provider = SimulatedProvider.start(config)) {
            SimulatorClient client = new SimulatorClient(provider);
            client.get("/models"); // warm up the connection so only the simulated delay is measured

            long start = System.nanoTime();
            HttpResponse<String> response = client.post(chatBody("sim/slow", "How slow are you?"));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void perTokenLatencyAddsToTheDelay() {
        SimulatorConfig config = SimulatorConfig.defaults().withModel("sim/tokens", ModelLatency.ofMillis(0, 10));
        try (SimulatedProvider provider = SimulatedProvider.start(config)) {
            SimulatorClient client = new SimulatorClient(provider);

            long start = System.nanoTime();
            HttpResponse<String> response = client.post(chatBody("sim/tokens", "Count my tokens"));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            int completionTokens = SimulatorClient.json(response).path("usage").path("completion_tokens").asInt();
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(10L * completionTokens));
        }
    }

    /** Latency is a timer, not a sleeping thread: 200 requests in flight at once all complete on a small pool. */
    @Test
    void twoHundredConcurrentRequestsAllComplete() {
        SimulatorConfig config = SimulatorConfig.defaults().withLatencyScale(0.5);
        try (SimulatedProvider provider = SimulatedProvider.start(config)) {
            SimulatorClient client = new SimulatorClient(provider);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                inFlight.add(client.postAsync(chatBody("sim/small", "Concurrent question " + i)));
            }

            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();

            assertThat(inFlight).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
            assertThat(inFlight.stream().map(f -> f.join().body()).distinct()).hasSize(200);
            assertThat(provider.stats().callsFor("sim/small")).isEqualTo(200);
        }
    }

    /**
     * With a 2 s first-token delay, all 200 requests are accepted and handled by a pool far smaller than 200
     * before the first answer is due: only possible if no handler thread waits out the latency.
     */
    @Test
    void handlersDoNotWaitOutTheLatency() {
        SimulatorConfig config = SimulatorConfig.defaults().withModel("sim/patient", ModelLatency.ofMillis(2_000, 0));
        try (SimulatedProvider provider = SimulatedProvider.start(config)) {
            SimulatorClient client = new SimulatorClient(provider);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                inFlight.add(client.postAsync(chatBody("sim/patient", "Patient question " + i)));
            }
            while (provider.stats().callsFor("sim/patient") < 200) {
                Thread.onSpinWait();
                assertThat(inFlight).noneMatch(CompletableFuture::isCompletedExceptionally);
            }

            assertThat(inFlight).noneMatch(CompletableFuture::isDone);
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(inFlight).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        }
    }
}
