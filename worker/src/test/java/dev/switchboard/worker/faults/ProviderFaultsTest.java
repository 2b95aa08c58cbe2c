package dev.switchboard.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.worker.WorkerConfig;
import dev.switchboard.worker.WorkerPool;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import dev.switchboard.worker.resilience.ResilienceConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provider faults against a real broker and real HTTP: the primary model (sim/small) is served by a stub whose
 * behaviour the test switches; the backup (sim/large) by the simulated provider. Each test checks that every request
 * gets exactly one terminal answer.
 */
class ProviderFaultsTest {
    private static final String PRIMARY = "sim/small";
    private static final String BACKUP = "sim/large";
    private static final SwitchboardSerdes SERDES = SwitchboardSerdes.forUrl("mock://provider-faults-test");
    private static final ResilienceConfig RESILIENCE = new ResilienceConfig(2, Duration.ofMillis(20), 2, Duration.ofMillis(100),
            Duration.ofSeconds(5), 50, 6, 6, Duration.ofSeconds(1), 64, Map.of());

    private static EmbeddedKafkaBroker broker;
    private static SimulatedProvider simulator;
    private static StubProvider primary;
    private static FaultKit kit;
    private WorkerPool.Runtime runtime;
    private WorkerPool pool;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults());
        simulator = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.1));
        primary = new StubProvider();
        kit = new FaultKit(broker, SERDES, List.of(PRIMARY, BACKUP), "faults");
    }

    /** A fresh pool per test: circuit breakers must not carry one test's failures into the next. */
    @BeforeEach
    void startPool() {
        primary.mode(StubProvider.Mode.OK);
        Deployments deployments = new Deployments(List.of(
                new Deployments.Deployment(PRIMARY, new OpenAiCompatibleProvider("primary", primary.baseUri(), Optional.empty(), Duration.ofSeconds(2)), PRIMARY),
                new Deployments.Deployment(BACKUP, new OpenAiCompatibleProvider("simulator", simulator.baseUri(), Optional.empty(), Duration.ofSeconds(2)), BACKUP)));
        WorkerConfig config = WorkerConfig.defaults(List.of(PRIMARY, BACKUP)).withGroup("faults").withProviderTimeout(Duration.ofMillis(500))
                .withResilience(RESILIENCE);
        runtime = WorkerPool.Runtime.create(deployments, new CostCalculator(ModelCatalog.loadDefault()), SERDES, kit.client(),
                Clock.systemUTC(), new SimpleMeterRegistry(), RESILIENCE);
        pool = WorkerPool.start(config, runtime);
    }

    @AfterEach
    void stopPool() {
        pool.close();
    }

    @AfterAll
    static void stop() {
        primary.close();
        simulator.close();
        broker.close();
    }

    @Test
    void shouldFailOverDuringAnOutageAndRecoverWhenThePrimaryComesBack() {
        String run = run();
        primary.mode(StubProvider.Mode.SERVER_ERROR);
        kit.publish(requests(run, "down", 12, List.of(BACKUP)));
        List<LlmResponse> during500s = answers(run, 12);
        assertThat(during500s).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK);
            assertThat(r.getModel()).isEqualTo(BACKUP);
            assertThat(r.getRoute().getModelsTried()).containsExactly(PRIMARY, BACKUP);
        });
        assertThat(runtime.caller().circuitState("primary", PRIMARY)).contains(CircuitBreaker.State.OPEN);

        primary.mode(StubProvider.Mode.TIMEOUT);
        kit.publish(requests(run, "slow", 6, List.of(BACKUP)));
        assertThat(answers(run, 18)).allSatisfy(r -> assertThat(r.getModel()).isEqualTo(BACKUP));

        primary.mode(StubProvider.Mode.OK);
        int sent = 18;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<LlmResponse> all;
        do {
            kit.publish(requests(run, "back" + sent, 1, List.of(BACKUP)));
            sent++;
            all = answers(run, sent);
        } while (all.stream().noneMatch(r -> PRIMARY.equals(r.getModel())) && System.nanoTime() < deadline);
        assertThat(all).as("the primary answers again once its circuit lets a call through").anyMatch(r -> PRIMARY.equals(r.getModel()));
        kit.publish(requests(run, "after", 4, List.of(BACKUP)));
        sent += 4;
        assertThat(answers(run, sent)).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));
        assertThat(runtime.caller().circuitState("primary", PRIMARY)).contains(CircuitBreaker.State.CLOSED);
        List<LlmResponse> everything = answers(run, sent);
        System.out.printf("outage: %d requests (12 during 500s, 6 during timeouts, %d until the primary answered again, 4 after), all OK; "
                + "%d answered by the backup, %d by the primary%n", sent, sent - 22,
                everything.stream().filter(r -> BACKUP.equals(r.getModel())).count(), everything.stream().filter(r -> PRIMARY.equals(r.getModel())).count());
    }

    @Test
    void shouldRideOutA429StormWithoutRetryingFasterThanAllowed() {
        String run = run();
        primary.rateLimitNext(5);
        int before = primary.calls().size();
        kit.publish(requests(run, "storm", 5, List.of()));

        List<LlmResponse> answers = answers(run, 5);

        assertThat(answers).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK);
            assertThat(r.getModel()).isEqualTo(PRIMARY);
        });
        List<Instant> calls = primary.calls().subList(before, primary.calls().size());
        assertThat(calls).hasSize(10);
        Instant firstCall = calls.get(0);
        assertThat(calls.subList(5, 10)).as("no retry before Retry-After (1 s) has passed")
                .allSatisfy(retry -> assertThat(Duration.between(firstCall, retry)).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        List<UsageEvent> usage = kit.awaitWritten("reader-" + UUID.randomUUID(), w -> usageOf(w.usage(), run).size() >= 10, Duration.ofSeconds(30)).usage();
        assertThat(usageOf(usage, run)).as("each rate-limited call is counted, unbilled").filteredOn(u -> !u.getSuccess()).hasSize(5);
    }

    @Test
    void shouldFailMalformedAnswersClearlyAndKeepGoing() {
        String run = run();
        primary.mode(StubProvider.Mode.MALFORMED);
        // Two requests of two tries each stay below the circuit's minimum of six calls: this test is about the answers.
        kit.publish(requests(run, "garbage", 2, List.of()));
        List<LlmResponse> failed = answers(run, 2);
        primary.mode(StubProvider.Mode.OK);
        kit.publish(requests(run, "fine", 3, List.of()));

        List<LlmResponse> all = answers(run, 5);

        assertThat(failed).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(ResponseStatus.FAILED);
            assertThat(r.getError().getCode()).isEqualTo("provider_bad_response");
            assertThat(r.getError().getMessage()).contains("not JSON");
        });
        assertThat(all.stream().filter(r -> r.getRequestId().contains("fine")))
                .hasSize(3).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<RoutedRequest> requests(String run, String label, int count, List<String> fallbacks) {
        List<RoutedRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RoutedRequest routed = dev.switchboard.worker.RoutedRequestsAccess.of(run + "-" + label + "-" + i, "acme", PRIMARY, "Question " + label + i);
            routed.setFallbackModels(new ArrayList<>(fallbacks));
            requests.add(routed);
        }
        return requests;
    }

    /** This run's answers once {@code count} distinct requests have one; asserts none was answered twice. */
    private static List<LlmResponse> answers(String run, int count) {
        Predicate<FaultKit.Written> done = w -> w.responses().stream().filter(r -> r.getRequestId().startsWith(run)).count() >= count;
        List<LlmResponse> mine = kit.awaitWritten("reader-" + UUID.randomUUID(), done, Duration.ofSeconds(60)).responses().stream()
                .filter(r -> r.getRequestId().startsWith(run)).toList();
        Map<String, Long> perId = mine.stream().collect(Collectors.groupingBy(LlmResponse::getRequestId, Collectors.counting()));
        assertThat(perId.values()).as("exactly one terminal answer per request").allSatisfy(n -> assertThat(n).isEqualTo(1L));
        return mine;
    }

    private static List<UsageEvent> usageOf(List<UsageEvent> usage, String run) {
        return usage.stream().filter(u -> u.getRequestId().startsWith(run)).toList();
    }
}
