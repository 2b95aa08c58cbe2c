package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.launcher.demo.ResponseCollector;
import dev.switchboard.launcher.demo.TopicCollector;
import dev.switchboard.launcher.governance.GovernancePublisher;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.router.governance.VirtualKeyHash;
import dev.switchboard.cost.budget.BudgetThresholds;
import dev.switchboard.schemas.BudgetAlert;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governance on the embedded broker with every component running: a hard budget holds while requests race, and a
 * key revoked in the governance file stops working without a restart.
 */
class GovernanceEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY = "sk-sb-race-team-key-0000000000000000000000";
    private static final BigDecimal BUDGET = new BigDecimal("0.005");
    /** A monthly soft limit the race passes, so alerts are raised; its downgrade model is the one asked for. */
    private static final BigDecimal SOFT_MONTHLY = new BigDecimal("0.0001");
    private static final int RACERS = 200;

    @TempDir
    Path dir;

    @Test
    void shouldNeverSpendPastAHardBudgetWhileRequestsRace() throws Exception {
        Path file = write("race-governance.yaml", governanceYaml(false));
        try (SwitchboardSystem system = SwitchboardSystem.start(config(file), EnumSet.allOf(Component.class));
             ResponseCollector collector = new ResponseCollector(system.bootstrapServers(), system.serdes())) {
            // Four producers at once: the requests reach the router interleaved, as from many clients.
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> sent = new java.util.ArrayList<>();
                for (int client = 0; client < 4; client++) {
                    int first = client;
                    sent.add(clients.submit(() -> send(system, first, RACERS, 4)));
                }
                for (Future<?> done : sent) {
                    done.get();
                }
            } finally {
                clients.shutdownNow();
            }
            List<LlmResponse> answers = collector.awaitUntil(r -> r.size() >= RACERS, TIMEOUT);

            List<LlmResponse> accepted = answers.stream().filter(r -> r.getStatus() == ResponseStatus.OK).toList();
            List<LlmResponse> refused = answers.stream().filter(r -> r.getStatus() == ResponseStatus.REJECTED).toList();
            BigDecimal settled = accepted.stream().map(LlmResponse::getCost).reduce(Money.ZERO, BigDecimal::add);
            System.out.printf("budget race: %d requests, %d accepted, %d rejected, budget %s USD, settled spend %s USD%n",
                    answers.size(), accepted.size(), refused.size(), BUDGET.toPlainString(), settled.toPlainString());

            assertThat(answers).as("every request has a terminal answer").hasSize(RACERS);
            assertThat(accepted.size() + refused.size()).isEqualTo(RACERS);
            assertThat(accepted).isNotEmpty();
            assertThat(refused).as("the budget could not cover all of them").isNotEmpty().allSatisfy(r -> {
                assertThat(r.getError().getCode()).isEqualTo(GovernanceCodes.BUDGET_EXCEEDED);
                assertThat(r.getError().getMessage()).contains("tenant race's daily budget of 0.005 USD");
            });
            assertThat(settled).as("settled spend never passes the hard budget").isLessThanOrEqualTo(BUDGET);
            try (TopicCollector<SpendUpdate> spend = new TopicCollector<>(system.bootstrapServers(), Topics.SPEND, system.serdes().spend().deserializer(), true)) {
                List<SpendUpdate> fed = spend.awaitUntil(s -> s.stream().anyMatch(u -> isTenantDay(u) && u.getSpent().compareTo(settled) == 0), TIMEOUT);
                assertThat(fed).as("the aggregator feeds the tenant's settled spend back on llm.spend")
                        .anySatisfy(u -> {
                            assertThat(isTenantDay(u)).isTrue();
                            assertThat(u.getSpent()).isEqualByComparingTo(settled);
                            assertThat(u.getCalls()).isEqualTo(accepted.size());
                        });
            }
            List<Integer> crossed = BudgetThresholds.PERCENTS.stream()
                    .filter(p -> settled.multiply(BigDecimal.valueOf(100)).compareTo(SOFT_MONTHLY.multiply(BigDecimal.valueOf(p))) >= 0).toList();
            assertThat(crossed).as("the race passes at least half of the monthly soft limit").isNotEmpty();
            try (TopicCollector<BudgetAlert> alerts = new TopicCollector<>(system.bootstrapServers(), Topics.ALERTS, system.serdes().alerts().deserializer(), true)) {
                List<BudgetAlert> raised = alerts.awaitUntil(a -> a.size() >= crossed.size(), TIMEOUT);
                System.out.printf("budget alerts: %s%n", raised.stream().map(a -> a.getPeriod() + " " + a.getLimitKind() + " " + a.getThresholdPercent() + "% (spent " + a.getSpent().toPlainString() + ")").toList());
                assertThat(raised).as("one alert per threshold crossed, on the soft monthly limit only")
                        .allSatisfy(a -> {
                            assertThat(a.getTenant()).isEqualTo("race");
                            assertThat(a.getScope()).isEqualTo(BudgetScope.TENANT);
                            assertThat(a.getPeriod()).isEqualTo(BudgetPeriod.MONTH);
                            assertThat(a.getLimitKind()).isEqualTo("soft");
                            assertThat(a.getLimit()).isEqualByComparingTo(SOFT_MONTHLY);
                        })
                        .extracting(BudgetAlert::getThresholdPercent).containsExactlyElementsOf(crossed);
            }
            assertThat(settled.multiply(BigDecimal.valueOf(RACERS)).divide(BigDecimal.valueOf(accepted.size()), java.math.RoundingMode.HALF_EVEN))
                    .as("without the budget all of them would have spent more than it").isGreaterThan(BUDGET);
        }
    }

    @Test
    void shouldRefuseAKeyRevokedInTheFileWithoutARestartPastUnreadableConfigRecords() throws Exception {
        Path file = write("revoke-governance.yaml", governanceYaml(false));
        try (SwitchboardSystem system = SwitchboardSystem.start(config(file), EnumSet.allOf(Component.class));
             ResponseCollector collector = new ResponseCollector(system.bootstrapServers(), system.serdes())) {
            GovernancePublisher.Published first = system.governance().awaitPublishedAfter(0, TIMEOUT);
            system.awaitGovernance(first, TIMEOUT);
            send(system, "before-revocation");
            assertThat(collector.awaitUntil(r -> !r.isEmpty(), TIMEOUT).get(0).getStatus()).isEqualTo(ResponseStatus.OK);

            // Records written to the config topics by hand that are not config: skipped, the router keeps running.
            try (KafkaProducer<String, byte[]> producer = producer(system)) {
                producer.send(new ProducerRecord<>(Topics.KEYS, VirtualKeyHash.sha256Hex(KEY), "not a key".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(Topics.POLICIES, "race", new byte[] {0, 0, 0, 0, 42}));
                producer.flush();
            }
            Files.writeString(file, governanceYaml(true));
            GovernancePublisher.Published revoked = system.governance().awaitPublishedAfter(first.version(), TIMEOUT);
            system.awaitGovernance(revoked, TIMEOUT);
            send(system, "after-revocation");

            LlmResponse answer = collector.awaitUntil(r -> r.size() >= 2, TIMEOUT).get(1);
            assertThat(answer.getRequestId()).isEqualTo("after-revocation");
            assertThat(answer.getStatus()).isEqualTo(ResponseStatus.REJECTED);
            assertThat(answer.getError().getCode()).isEqualTo(GovernanceCodes.KEY_REVOKED);
            assertThat(answer.getError().getMessage()).contains("race-team").doesNotContain(KEY);
        }
    }

    @Test
    void shouldCountARequestAtTheBrokersTimeNotTheTimeItsProducerClaims() throws Exception {
        String paced = "sk-sb-paced-key-00000000000000000000000000";
        Path file = write("paced-governance.yaml", """
                tenants:
                  paced:
                    requireKey: true
                    rateLimits:
                      - {scope: key, rpm: 2}
                keys:
                  - id: paced-key
                    tenant: paced
                    sha256: %s
                """.formatted(VirtualKeyHash.sha256Hex(paced)));
        try (SwitchboardSystem system = SwitchboardSystem.start(config(file), EnumSet.allOf(Component.class));
             ResponseCollector collector = new ResponseCollector(system.bootstrapServers(), system.serdes());
             KafkaProducer<String, byte[]> producer = producer(system)) {
            system.awaitGovernance(system.governance().awaitPublishedAfter(0, TIMEOUT), TIMEOUT);
            long now = System.currentTimeMillis();
            for (int i = 0; i < 3; i++) {
                // Dated three, two and one minutes ago: a limit on the producer's times would see three quiet minutes.
                long claimed = now - Duration.ofMinutes(3 - i).toMillis();
                String json = "{\"request_id\":\"paced-" + i + "\",\"tenant\":\"paced\",\"model\":\"sim/small\",\"api_key\":\"" + paced
                        + "\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"Paced question " + i + "\"}]}";
                producer.send(new ProducerRecord<>(Topics.REQUESTS, null, claimed, "paced", json.getBytes(StandardCharsets.UTF_8))).get();
            }

            List<LlmResponse> answers = collector.awaitUntil(r -> r.size() >= 3, TIMEOUT);
            assertThat(answers).hasSize(3);
            assertThat(answers.stream().filter(r -> r.getStatus() == ResponseStatus.OK)).hasSize(2);
            assertThat(answers).filteredOn(r -> r.getStatus() == ResponseStatus.REJECTED).singleElement().satisfies(r -> {
                assertThat(r.getRequestId()).isEqualTo("paced-2");
                assertThat(r.getError().getCode()).isEqualTo(GovernanceCodes.RATE_LIMITED);
            });
        }
    }

    private static boolean isTenantDay(SpendUpdate update) {
        return update.getTenant().equals("race") && update.getScope() == BudgetScope.TENANT && update.getPeriod() == BudgetPeriod.DAY;
    }

    private static SwitchboardConfig config(Path governance) {
        return PipelineContract.fastDefaults().withGovernance(new SwitchboardConfig.GovernanceSettings(governance, Duration.ofMillis(200)));
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String governanceYaml(boolean revoked) {
        return """
                tenants:
                  race:
                    requireKey: true
                    downgradeModel: sim/small
                    budgets:
                      - {scope: tenant, period: day, hard: %s}
                      - {scope: tenant, period: month, soft: %s}
                keys:
                  - id: race-team
                    tenant: race
                    team: load
                    sha256: %s
                    revoked: %s
                """.formatted(BUDGET.toPlainString(), SOFT_MONTHLY.toPlainString(), VirtualKeyHash.sha256Hex(KEY), revoked);
    }

    private static void send(SwitchboardSystem system, int first, int total, int stride) {
        try (KafkaProducer<String, byte[]> producer = producer(system)) {
            for (int i = first; i < total; i += stride) {
                producer.send(new ProducerRecord<>(Topics.REQUESTS, "race", request("race-" + i, "Tell me fact number " + i + " about budgets.")));
            }
            producer.flush();
        }
    }

    private static void send(SwitchboardSystem system, String id) {
        try (KafkaProducer<String, byte[]> producer = producer(system)) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, "race", request(id, "Is this key still good? (" + id + ")")));
            producer.flush();
        }
    }

    private static byte[] request(String id, String question) {
        return ("{\"request_id\":\"" + id + "\",\"tenant\":\"race\",\"model\":\"sim/small\",\"tier\":\"interactive\",\"api_key\":\"" + KEY
                + "\",\"max_tokens\":100,\"cache\":{\"no_cache\":true},\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer(SwitchboardSystem system) {
        Properties props = new Properties();
        props.put("bootstrap.servers", system.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
