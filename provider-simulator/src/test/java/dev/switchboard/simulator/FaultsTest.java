package dev.switchboard.simulator;

import static dev.switchboard.simulator.SimulatorClient.chatBody;
import static dev.switchboard.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private static SimulatedProvider startWith(Fault... faults) {
        return SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.0).withFaults(List.of(faults)));
    }

    @Test
    void rateLimitIs429WithRetryAfter() {
        try (SimulatedProvider provider = startWith(Fault.rateLimit("sim/small", 1.0, Duration.ofMillis(2500)))) {
            SimulatorClient client = new SimulatorClient(provider);
            HttpResponse<String> response = client.post(chatBody("sim/small", "hi"));

            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("retry-after")).contains("3");
            assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
            assertThat(json(response).path("error").path("type").asText()).isEqualTo("rate_limit_error");
            assertThat(provider.stats().faultsInjected(FaultKind.RATE_LIMIT)).isEqualTo(1);

            // The fault targets sim/small only.
            assertThat(client.post(chatBody("sim/large", "hi")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void serverErrorIs500WithErrorJson() {
        try (SimulatedProvider provider = startWith(Fault.always("*", FaultKind.SERVER_ERROR))) {
            HttpResponse<String> response = new SimulatorClient(provider).post(chatBody("sim/large", "hi"));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
            JsonNode error = json(response).path("error");
            assertThat(error.path("message").asText()).startsWith("The server had an error while processing your request");
            assertThat(error.path("type").asText()).isEqualTo("server_error");
            assertThat(provider.stats().faultsInjected()).isEqualTo(1);
        }
    }

    @Test
    void overloadedIs503ServerError() {
        try (SimulatedProvider provider = startWith(Fault.always("*", FaultKind.OVERLOADED))) {
            HttpResponse<String> response = new SimulatorClient(provider).post(chatBody("sim/small", "hi"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).path("error").path("type").asText()).isEqualTo("server_error");
            assertThat(provider.stats().faultsInjected(FaultKind.OVERLOADED)).isEqualTo(1);
        }
    }

    @Test
    void missingUsageIsAValidCompletionWithoutUsage() {
        try (SimulatedProvider provider = startWith(Fault.always("*", FaultKind.MISSING_USAGE))) {
            HttpResponse<String> response = new SimulatorClient(provider).post(chatBody("sim/small", "hi"));

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.has("usage")).isFalse();
            assertThat(body.path("choices").get(0).path("message").path("content").asText()).startsWith("Simulated");
        }
    }

    @Test
    void malformedBodyIs200WithNonJson() {
        try (SimulatedProvider provider = startWith(Fault.always("sim/small", FaultKind.MALFORMED_BODY))) {
            HttpResponse<String> response = new SimulatorClient(provider).post(chatBody("sim/small", "hi"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
            assertThatThrownBy(() -> SimulatorClient.MAPPER.readTree(response.body())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void timeoutNeverAnswersAndCloseReturnsPromptly() {
        SimulatedProvider provider = startWith(Fault.always("*", FaultKind.TIMEOUT));
        try {
            SimulatorClient client = new SimulatorClient(provider);
            HttpRequest request = client.postRequest(chatBody("sim/small", "hello?")).timeout(Duration.ofMillis(300)).build();

            assertThatThrownBy(() -> client.sendOrThrow(request)).isInstanceOf(HttpTimeoutException.class);
            assertThat(provider.stats().faultsInjected(FaultKind.TIMEOUT)).isEqualTo(1);
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(5), provider::close);
        }
    }

    @Test
    void closeDropsPendingSlowRequestsWithoutHanging() {
        SimulatedProvider provider = SimulatedProvider.start(
                SimulatorConfig.defaults().withModel("sim/glacial", ModelLatency.ofMillis(600_000, 0)));
        var pending = new SimulatorClient(provider).postAsync(chatBody("sim/glacial", "still there?"));

        // Wait (without sleeping) until the request reached the simulator, then close under it.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (provider.stats().callsFor("sim/glacial") == 0) {
                Thread.onSpinWait();
            }
            provider.close();
        });
        assertThat(pending).failsWithin(Duration.ofSeconds(10));
    }

    @Test
    void faultDecisionsAreDeterministicAndFollowTheProbability() {
        List<Fault> faults = List.of(new Fault("*", FaultKind.SERVER_ERROR, 0.3, null));
        FaultPlan plan = new FaultPlan(faults, 42);
        FaultPlan replay = new FaultPlan(faults, 42);
        int hits = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] body = chatBody("sim/small", "question " + i).getBytes();
            boolean hit = plan.decide("sim/small", body).isPresent();
            assertThat(replay.decide("sim/small", body).isPresent()).isEqualTo(hit);
            hits += hit ? 1 : 0;
        }
        assertThat(hits).isBetween(230, 370);
        assertThat(new FaultPlan(List.of(new Fault("*", FaultKind.TIMEOUT, 0.0, null)), 1)
                .decide("sim/small", new byte[] {1})).isEmpty();
    }
}
