package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.Cost;
import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.simulator.Fault;
import dev.switchboard.simulator.FaultKind;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.simulator.TokenCounter;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.Deployments.Deployment;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.switchboard.worker.resilience.ResilienceConfig;
import dev.switchboard.worker.resilience.ResilientCaller;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's call path against the simulated provider over real HTTP on 127.0.0.1. */
class CallHandlerTest {
    private static final CostCalculator COSTS = new CostCalculator(ModelCatalog.loadDefault());
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();
    private SimulatedProvider simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    private CallHandler handler(List<Fault> faults, Duration timeout) {
        simulator = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.1).withFaults(faults));
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider("simulator", simulator.baseUri(), Optional.empty(), Duration.ofSeconds(2));
        Deployments deployments = new Deployments(List.of(new Deployment("sim/small", provider, "sim/small"),
                new Deployment("sim/large", provider, "sim/large")));
        ResilienceConfig resilience = ResilienceConfig.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
        ResilientCaller caller = new ResilientCaller(new ResilienceConfig(1, resilience.initialBackoff(), 2, resilience.maxBackoff(),
                resilience.maxRetryAfter(), 50, 20, 10, Duration.ofSeconds(30), 64, java.util.Map.of()), SCHEDULER, Clock.systemUTC());
        return new CallHandler("test", deployments, new Answers(COSTS), caller, 16, timeout, Clock.systemUTC(), new WorkerMetrics(new SimpleMeterRegistry()));
    }

    private static CallOutcome run(CallHandler handler, RoutedRequest routed) throws Exception {
        return handler.handle(routed).get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnswerWithUsageAndExactCost() throws Exception {
        CallOutcome outcome = run(handler(List.of(), Duration.ofSeconds(10)), RoutedRequests.of("r1", "acme", "sim/small", "What is a share group?", null));

        var response = outcome.response();
        assertThat(response.getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(response.getContent()).contains("Simulated");
        assertThat(response.getSimulated()).isTrue();
        assertThat(response.getProvider()).isEqualTo("simulator");
        int prompt = response.getUsage().getInputTokens();
        int completion = response.getUsage().getOutputTokens();
        assertThat(prompt).isEqualTo(TokenCounter.countPrompt(List.of(new dev.switchboard.simulator.ChatMessage("user", "What is a share group?"))));
        assertThat(completion).isPositive();
        Cost expected = COSTS.cost("sim/small", prompt, 0, completion, false);
        assertThat(response.getCost()).isEqualTo(expected.amount()).isPositive();
        assertThat(response.getBaselineCost()).isEqualTo(COSTS.cost("sim/large", prompt, 0, completion, false).amount());
        assertThat(response.getBaselineCost()).isGreaterThan(response.getCost());
        assertThat(outcome.usage()).singleElement().satisfies(u -> {
            assertThat(u.getCost()).isEqualTo(response.getCost());
            assertThat(u.getSuccess()).isTrue();
            assertThat(u.getEventId()).isEqualTo("r1:1:sim/small");
        });
        assertThat(outcome.cacheFill().getCacheKey()).isEqualTo("key-r1");
        assertThat(outcome.cacheFill().getResponse()).isEqualTo(response);
        assertThat(simulator.stats().callsFor("sim/small")).isEqualTo(1);
    }

    @Test
    void shouldFailWithProvidersReasonOnServerError() throws Exception {
        CallOutcome outcome = run(handler(List.of(Fault.always("sim/small", FaultKind.SERVER_ERROR)), Duration.ofSeconds(10)),
                RoutedRequests.of("r1", "acme", "sim/small", "Hello", null));

        assertThat(outcome.response().getStatus()).isEqualTo(ResponseStatus.FAILED);
        assertThat(outcome.response().getError().getCode()).isEqualTo("provider_error");
        assertThat(outcome.response().getError().getMessage()).contains("HTTP 500").contains("The server had an error");
        assertThat(outcome.usage()).singleElement().satisfies(u -> assertThat(u.getSuccess()).isFalse());
        assertThat(outcome.deadLetter().getReasonCode()).isEqualTo("provider_error");
        assertThat(outcome.cacheFill().getResponse().getStatus()).as("the router caches only OK answers").isEqualTo(ResponseStatus.FAILED);
    }

    @Test
    void shouldClassifyRateLimitMalformedBodyAndTimeout() throws Exception {
        assertThat(run(handler(List.of(Fault.always("sim/small", FaultKind.RATE_LIMIT)), Duration.ofSeconds(10)),
                RoutedRequests.of("r1", "acme", "sim/small", "Hello", null)).response().getError().getCode()).isEqualTo("provider_rate_limited");
        stop();
        assertThat(run(handler(List.of(Fault.always("sim/small", FaultKind.MALFORMED_BODY)), Duration.ofSeconds(10)),
                RoutedRequests.of("r2", "acme", "sim/small", "Hello", null)).response().getError().getCode()).isEqualTo("provider_bad_response");
        stop();
        assertThat(run(handler(List.of(Fault.always("sim/small", FaultKind.TIMEOUT)), Duration.ofMillis(300)),
                RoutedRequests.of("r3", "acme", "sim/small", "Hello", null)).response().getError().getCode()).isEqualTo("provider_timeout");
    }

    @Test
    void shouldFailAnAnswerThatCannotBePricedInsteadOfPricingItAtZero() throws Exception {
        CallOutcome outcome = run(handler(List.of(Fault.always("sim/small", FaultKind.MISSING_USAGE)), Duration.ofSeconds(10)),
                RoutedRequests.of("r1", "acme", "sim/small", "Hello", null));

        assertThat(outcome.response().getStatus()).isEqualTo(ResponseStatus.FAILED);
        assertThat(outcome.response().getError().getCode()).isEqualTo("provider_bad_response");
        assertThat(outcome.response().getError().getMessage()).contains("no usage");
    }

    @Test
    void shouldExpireWithoutCallingTheProvider() throws Exception {
        CallOutcome outcome = run(handler(List.of(), Duration.ofSeconds(10)),
                RoutedRequests.of("r1", "acme", "sim/small", "Hello", Instant.now().minusSeconds(1)));

        assertThat(outcome.response().getStatus()).isEqualTo(ResponseStatus.EXPIRED);
        assertThat(outcome.usage()).isEmpty();
        assertThat(simulator.stats().requestsReceived()).isZero();
    }
}
