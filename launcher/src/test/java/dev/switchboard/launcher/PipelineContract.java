package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.launcher.demo.DemoReport;
import dev.switchboard.launcher.demo.DemoRunner;
import dev.switchboard.launcher.demo.DemoWorkload;
import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a real broker: a few hundred requests through router, route topics, share-group workers,
 * the simulated provider over HTTP, and the cost aggregator. Subclasses say which broker.
 */
abstract class PipelineContract {
    private static final int FRESH_REQUESTS = 240;

    /** The config to run with; the broker is the subclass's. */
    abstract SwitchboardConfig config();

    /** Three partitions instead of the default twelve: a test needs no room for more router instances, and starts faster. */
    static final int TEST_PARTITIONS = 3;

    static SwitchboardConfig fastDefaults() {
        SwitchboardConfig config = SwitchboardConfig.load(null).withPorts(0, 0, 0, -1);
        SwitchboardConfig.KafkaSettings kafka = config.kafka();
        config = config.withKafka(new SwitchboardConfig.KafkaSettings(kafka.bootstrapServers(), kafka.dataDir(), TEST_PARTITIONS, kafka.embeddedPort()));
        return config.withSimulator(new SwitchboardConfig.SimulatorSettings(0, 0.2, List.of()));
    }

    @Test
    void shouldAnswerEveryRequestExactlyOnceAndAggregateItsExactCost() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoRunner demo = new DemoRunner(config(), FRESH_REQUESTS, 11, new PrintStream(log, true, StandardCharsets.UTF_8));
        try (SwitchboardSystem system = SwitchboardSystem.start(config(), EnumSet.allOf(Component.class))) {
            DemoReport report = demo.publishAndCollect(system, Instant.now());
            List<LlmResponse> first = report.firstAnswers();

            Map<String, Long> answersPerId = first.stream().collect(Collectors.groupingBy(LlmResponse::getRequestId, Collectors.counting()));
            assertThat(answersPerId.entrySet()).as("exactly one first answer per request id")
                    .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1L));
            long freshAnswered = first.stream().filter(r -> r.getRequestId().matches("demo-\\d+")).count();
            assertThat(freshAnswered).isEqualTo(FRESH_REQUESTS);

            List<LlmResponse> replays = report.responses().stream().filter(r -> r.getMetadata().containsKey(DedupLedger.REPLAY_FLAG)).toList();
            assertThat(replays).as("resent ids are answered again, from the first answer").isNotEmpty()
                    .allSatisfy(replay -> assertThat(first).anySatisfy(original -> {
                        assertThat(original.getRequestId()).isEqualTo(replay.getRequestId());
                        assertThat(original.getContent()).isEqualTo(replay.getContent());
                    }));

            assertThat(first.stream().filter(r -> r.getRequestId().startsWith("demo-paraphrase-")))
                    .as("paraphrases are answered, from the semantic cache or a provider").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));
            assertThat(first.stream().filter(r -> r.getRequestId().startsWith("demo-repeat-")))
                    .as("exact repeats of answered requests come from the cache")
                    .allSatisfy(r -> assertThat(r.getCache().getOutcome()).isEqualTo(CacheOutcome.EXACT));
            assertThat(first.stream().filter(r -> r.getStatus() == ResponseStatus.REJECTED && !r.getRequestId().startsWith(DemoWorkload.BUDGET_BURST_PREFIX))
                    .map(r -> r.getError().getCode()))
                    .containsExactlyInAnyOrder("unknown_model", "unreadable_record", "unreadable_record", "missing_key", "key_revoked");
            DemoReport.BudgetBurst burst = report.budgetBurst();
            assertThat(burst.accepted() + burst.refused()).as("every request of the burst is answered or refused for its budget").isEqualTo(burst.requests());
            assertThat(burst.accepted()).isPositive();
            assertThat(burst.refused()).isPositive();
            assertThat(burst.settled()).as("the team's spend stays within its daily budget").isLessThanOrEqualTo(burst.budget());
            assertThat(first).filteredOn(r -> r.getRequestId().equals("demo-json-1")).singleElement()
                    .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));

            long providerAnswers = first.stream().filter(r -> r.getStatus() == ResponseStatus.OK && r.getCache().getOutcome() == CacheOutcome.MISS).count();
            var stats = system.simulator().orElseThrow().stats();
            assertThat(stats.requestsReceived() + stats.batchLineCalls()).as("one provider call (or batch line) per fresh answer, plus the warm-up")
                    .isEqualTo(providerAnswers + DemoRunner.WARM_UP_REQUESTS);
            assertThat(stats.batchLineCalls()).as("the batch tier goes through the batch API").isPositive();

            Map<String, BigDecimal> answered = report.costByTenant();
            assertThat(answered.values()).allSatisfy(cost -> assertThat(cost).isPositive());
            assertThat(report.aggregatedCostByTenant()).as("aggregator totals equal the answers' costs to the last digit").isEqualTo(answered);
            assertThat(report.complete()).isTrue();
        }
    }
}
