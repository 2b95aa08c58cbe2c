package dev.switchboard.cost;

import static dev.switchboard.cost.PolicyFixtures.budget;
import static dev.switchboard.cost.PolicyFixtures.policy;
import static dev.switchboard.cost.UsageEvents.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cost.budget.Policies;
import dev.switchboard.schemas.BudgetAlert;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budget alerts through the real topology: policies on llm.policies in, alerts on llm.alerts out. */
class BudgetAlertTopologyTest {
    private static final Instant WALL = Instant.parse("2025-03-01T12:00:00Z");
    private static final Instant DAY = Instant.parse("2025-03-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private CostDriver cost;

    @BeforeEach
    void setUp() {
        cost = new CostDriver("budget-alert-topology-test", stateDir, WALL);
    }

    @AfterEach
    void tearDown() {
        cost.close();
    }

    @Test
    void shouldAlertAtFiftyEightyAndHundredPercentExactlyOnceEach() {
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "1", null)));

        spend("acme", "0.300000000000", 1); // 30 %
        assertThat(cost.alerts.isEmpty()).isTrue();
        spend("acme", "0.199999999999", 2); // one pico-dollar short of 50 %
        assertThat(cost.alerts.isEmpty()).isTrue();
        spend("acme", "0.000000000001", 3); // exactly 50 %
        spend("acme", "0.100000000000", 4); // 60 %
        spend("acme", "0.200000000000", 5); // 80 %
        spend("acme", "0.150000000000", 6); // 95 %
        spend("acme", "0.050000000000", 7); // 100 %
        spend("acme", "0.500000000000", 8); // 150 %

        List<KeyValue<String, BudgetAlert>> alerts = cost.alerts.readKeyValuesToList();
        assertThat(alerts).extracting(kv -> kv.key).containsOnly("acme");
        assertThat(alerts).extracting(kv -> kv.value.getThresholdPercent()).containsExactly(50, 80, 100);
        assertThat(alerts).extracting(kv -> kv.value.getSpent())
                .containsExactly(Money.of("0.5"), Money.of("0.8"), Money.of("1.0"));
        BudgetAlert first = alerts.get(0).value;
        assertThat(first.getTenant()).isEqualTo("acme");
        assertThat(first.getScope()).isEqualTo(BudgetScope.TENANT);
        assertThat(first.getScopeId()).isEqualTo("acme");
        assertThat(first.getPeriod()).isEqualTo(BudgetPeriod.DAY);
        assertThat(first.getPeriodStart()).isEqualTo(DAY);
        assertThat(first.getLimitKind()).isEqualTo("hard");
        assertThat(first.getLimit()).isEqualTo(Money.of("1"));
        assertThat(first.getRaisedAt()).isEqualTo(WALL);
    }

    @Test
    void shouldAlertEveryThresholdPassedInOneStep() {
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "1", null)));

        spend("acme", "0.900000000000", 1);

        assertThat(cost.alerts.readValuesToList()).extracting(BudgetAlert::getThresholdPercent).containsExactly(50, 80);
    }

    @Test
    void shouldAlertSoftAndHardLimitsSeparately() {
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "1", "0.5")));

        spend("acme", "0.250000000000", 1);
        spend("acme", "0.250000000000", 2);

        assertThat(cost.alerts.readValuesToList()).extracting(a -> a.getLimitKind() + " " + a.getThresholdPercent())
                .containsExactly("soft 50", "hard 50", "soft 80", "soft 100");
    }

    @Test
    void shouldAlertAgainInTheNextPeriodOnly() {
        cost.policy(policy("acme",
                budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "1", null),
                budget(BudgetScope.TENANT, null, BudgetPeriod.MONTH, "10", null)));

        spend("acme", "0.500000000000", 1);
        spend("acme", "0.500000000000", 2);
        spend("acme", "0.500000000000", Duration.ofDays(1).toSeconds() + 1);
        spend("acme", "3.500000000000", Duration.ofDays(1).toSeconds() + 2); // month: 5 of 10

        List<BudgetAlert> alerts = cost.alerts.readValuesToList();
        assertThat(alerts).extracting(a -> a.getPeriod() + " " + a.getPeriodStart() + " " + a.getThresholdPercent())
                .containsExactly(
                        "DAY 2025-03-01T00:00:00Z 50", "DAY 2025-03-01T00:00:00Z 80", "DAY 2025-03-01T00:00:00Z 100",
                        "DAY 2025-03-02T00:00:00Z 50", "DAY 2025-03-02T00:00:00Z 80", "DAY 2025-03-02T00:00:00Z 100",
                        "MONTH 2025-03-01T00:00:00Z 50");
    }

    @Test
    void shouldAlertOnlyForBudgetsWhoseScopeAndIdMatch() {
        cost.policy(policy("acme",
                budget(BudgetScope.TEAM, "search", BudgetPeriod.DAY, "1", null),   // another team
                budget(BudgetScope.TEAM, null, BudgetPeriod.DAY, "2", null),        // each team
                budget(BudgetScope.PROJECT, "p1", BudgetPeriod.DAY, "1", null),     // the call's project
                budget(BudgetScope.KEY, "key-b", BudgetPeriod.DAY, "1", null),      // another key
                budget(BudgetScope.TEAM, "ads", BudgetPeriod.MONTH, "100", null))); // the call's team, not reached

        cost.pipe(call("acme", "m/x", "1.000000000000", "0", DAY.plusSeconds(1), "ads", "p1", null, "key-a"));

        assertThat(cost.alerts.readValuesToList())
                .extracting(a -> a.getScope() + " " + a.getScopeId() + " " + a.getLimit().toPlainString() + " " + a.getThresholdPercent())
                .containsExactly(
                        "TEAM ads 2.000000000000 50",
                        "PROJECT p1 1.000000000000 50", "PROJECT p1 1.000000000000 80", "PROJECT p1 1.000000000000 100");
    }

    @Test
    void shouldAlertEachTeamOfAnEachTeamBudgetOnItsOwn() {
        cost.policy(policy("acme", budget(BudgetScope.TEAM, null, BudgetPeriod.DAY, "1", null)));

        cost.pipe(call("acme", "m/x", "0.600000000000", "0", DAY.plusSeconds(1), "ads", null, null, null));
        cost.pipe(call("acme", "m/x", "0.600000000000", "0", DAY.plusSeconds(2), "search", null, null, null));

        assertThat(cost.alerts.readValuesToList()).extracting(a -> a.getScopeId() + " " + a.getThresholdPercent())
                .containsExactly("ads 50", "search 50");
    }

    @Test
    void shouldUseTheDefaultPolicyOnlyForTenantsWithoutTheirOwn() {
        cost.policy(policy("*", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "1", null)));
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "100", null)));

        spend("acme", "0.600000000000", 1);
        spend("globex", "0.600000000000", 2);

        assertThat(cost.alerts.readKeyValuesToList()).extracting(kv -> kv.key + " " + kv.value.getThresholdPercent())
                .containsExactly("globex 50");
    }

    @Test
    void shouldNotAlertWithoutAPolicyOrAfterItIsDeleted() {
        spend("acme", "5.000000000000", 1);
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "10", null)));
        cost.policies.pipeInput("acme", null);
        spend("acme", "5.000000000000", 2);

        assertThat(cost.alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldAlertAfreshWhenTheLimitChanges() {
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "1", null)));
        spend("acme", "0.900000000000", 1);
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "2", null)));
        spend("acme", "0.100000000000", 2); // 1.0 of 2: 50 % of the new limit

        assertThat(cost.alerts.readValuesToList()).extracting(a -> a.getLimit().toPlainString() + " " + a.getThresholdPercent())
                .containsExactly("1.000000000000 50", "1.000000000000 80", "2.000000000000 50");
    }

    @Test
    void shouldSkipAnUnreadablePolicyRecordAndAlertOnThePolicyInForce() {
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "1", null)));
        cost.driver.createInputTopic(Topics.POLICIES, new StringSerializer(), new ByteArraySerializer())
                .pipeInput("acme", new byte[] {0, 0, 0, 0, 42, 1, 2});

        spend("acme", "0.500000000000", 1);

        assertThat(cost.alerts.readValuesToList()).extracting(BudgetAlert::getThresholdPercent).containsExactly(50);
    }

    @Test
    void shouldTreatAnUnreadableStoredPolicyAsNoneAndFallBackToTheDefault() {
        GovernancePolicy fallback = policy("*", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "2", null));

        GovernancePolicy found = Policies.forTenant("acme", tenant -> {
            if (tenant.equals("acme")) {
                throw new SerializationException("unknown magic byte");
            }
            return fallback;
        });

        assertThat(found).isSameAs(fallback);
    }

    @Test
    void shouldPurgeAlertMarksWithTheirPeriod() {
        cost.policy(policy("acme", budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "1", null)));
        spend("acme", "0.600000000000", 1);
        assertThat(CostDriver.count(cost.alertMarks())).isEqualTo(1);

        spend("acme", "0.000000000001", Duration.ofDays(41).toSeconds());

        assertThat(CostDriver.count(cost.alertMarks())).isZero();
    }

    /** A call of {@code amount} by the tenant, {@code seconds} after the start of the test's day. */
    private void spend(String tenant, String amount, long seconds) {
        cost.pipe(call(tenant, "m/x", amount, "0", DAY.plusSeconds(seconds), null, null, null, null));
    }
}
