package dev.switchboard.cost;

import static dev.switchboard.cost.UsageEvents.cacheAnswer;
import static dev.switchboard.cost.UsageEvents.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cost.budget.SpendKey;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.SpendUpdate;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spend per budget scope and period, through the real topology: store rows and llm.spend. */
class SpendTopologyTest {
    private static final Instant WALL = Instant.parse("2025-03-01T12:00:00Z");
    private static final Instant DAY = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant MONTH = Instant.parse("2025-03-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private CostDriver cost;

    @BeforeEach
    void setUp() {
        cost = new CostDriver("spend-topology-test", stateDir, WALL);
    }

    @AfterEach
    void tearDown() {
        cost.close();
    }

    @Test
    void shouldAddExactCostToEveryScopeOfTheCallForDayAndMonth() {
        Random random = new Random(7);
        List<String> teams = Arrays.asList("search", "ads", null);
        List<String> projects = Arrays.asList("p1", null);
        List<String> keys = Arrays.asList("key-a", "key-b", null);
        Map<String, BigDecimal> expected = new HashMap<>();
        Map<String, Long> expectedCalls = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String tenant = i % 3 == 0 ? "globex" : "acme";
            String team = teams.get(random.nextInt(teams.size()));
            String project = projects.get(random.nextInt(projects.size()));
            String key = keys.get(random.nextInt(keys.size()));
            BigDecimal amount = BigDecimal.valueOf(random.nextLong(1, 10_000_000_000L), 12);
            cost.pipe(call(tenant, "openai/gpt-4o", amount.toPlainString(), "0", DAY.plusSeconds(i * 60L),
                    team, project, "chat", key));
            for (String scope : scopes(tenant, team, project, key)) {
                expected.merge(scope, amount, BigDecimal::add);
                expectedCalls.merge(scope, 1L, Long::sum);
            }
        }

        assertThat(expected).containsKeys("acme|TENANT|acme", "acme|TEAM|ads", "globex|PROJECT|p1", "acme|KEY|key-b");
        for (Map.Entry<String, BigDecimal> want : expected.entrySet()) {
            String[] parts = want.getKey().split("\\|");
            for (BudgetPeriod period : BudgetPeriod.values()) {
                Instant start = period == BudgetPeriod.DAY ? DAY : MONTH;
                SpendUpdate row = cost.spendStore().get(
                        new SpendKey(parts[0], period, start, BudgetScope.valueOf(parts[1]), parts[2]).encode());
                assertThat(row).as(want.getKey() + " " + period).isNotNull();
                assertThat(row.getSpent()).isEqualTo(Money.of(want.getValue()));
                assertThat(row.getCalls()).isEqualTo(expectedCalls.get(want.getKey()));
            }
        }
        // Every scope of every call, both periods: exactly that many updates reached llm.spend.
        long updates = expectedCalls.values().stream().mapToLong(Long::longValue).sum() * 2;
        assertThat(cost.spend.readKeyValuesToList()).hasSize((int) updates);
    }

    @Test
    void shouldEmitEachNewTotalKeyedByTenant() {
        cost.pipe(call("acme", "openai/gpt-4o", "0.000000000001", "0", DAY.plusSeconds(1), "search", null, null, null));
        cost.pipe(call("acme", "openai/gpt-4o", "0.100000000000", "0", DAY.plusSeconds(2), "search", null, null, null));

        List<KeyValue<String, SpendUpdate>> out = cost.spend.readKeyValuesToList();
        assertThat(out).hasSize(8).allSatisfy(kv -> assertThat(kv.key).isEqualTo("acme"));
        List<SpendUpdate> teamDay = out.stream().map(kv -> kv.value)
                .filter(u -> u.getScope() == BudgetScope.TEAM && u.getPeriod() == BudgetPeriod.DAY).toList();
        assertThat(teamDay).extracting(SpendUpdate::getSpent)
                .containsExactly(Money.of("0.000000000001"), Money.of("0.100000000001"));
        assertThat(teamDay).extracting(SpendUpdate::getCalls).containsExactly(1L, 2L);
        assertThat(teamDay.get(1).getScopeId()).isEqualTo("search");
        assertThat(teamDay.get(1).getPeriodStart()).isEqualTo(DAY);
        assertThat(teamDay.get(1).getUpdatedAt()).isEqualTo(WALL);
    }

    @Test
    void shouldSkipScopesTheCallDoesNotNameAndCallsWithoutCost() {
        cost.pipe(call("acme", "openai/gpt-4o", "0.000002000000", "0", DAY.plusSeconds(1), null, " ", null, null));
        cost.pipe(cacheAnswer("acme", "openai/gpt-4o", "0.000002000000", "0.000009000000", DAY.plusSeconds(2), "search", null));
        cost.pipe(call("acme", "openai/gpt-4o", "0", "0", DAY.plusSeconds(3), "search", null, null, "key-a"));

        List<SpendUpdate> out = cost.spend.readValuesToList();
        assertThat(out).extracting(SpendUpdate::getScope).containsOnly(BudgetScope.TENANT);
        assertThat(out).extracting(SpendUpdate::getPeriod).containsExactly(BudgetPeriod.DAY, BudgetPeriod.MONTH);
        assertThat(out).extracting(SpendUpdate::getSpent).containsOnly(Money.of("0.000002000000"));
        assertThat(CostDriver.count(cost.spendStore())).isEqualTo(2);
    }

    @Test
    void shouldStartANewDayAtUtcMidnightAndKeepCountingTheMonth() {
        Instant lastMilli = Instant.parse("2025-03-01T23:59:59.999Z");
        cost.pipe(call("acme", "m/x", "0.000000000003", "0", lastMilli, null, null, null, null));
        cost.pipe(call("acme", "m/x", "0.000000000004", "0", lastMilli.plusMillis(1), null, null, null, null));

        assertThat(spent("acme", BudgetPeriod.DAY, DAY)).isEqualTo(Money.of("0.000000000003"));
        assertThat(spent("acme", BudgetPeriod.DAY, DAY.plus(Duration.ofDays(1)))).isEqualTo(Money.of("0.000000000004"));
        assertThat(spent("acme", BudgetPeriod.MONTH, MONTH)).isEqualTo(Money.of("0.000000000007"));
    }

    @Test
    void shouldStartANewMonthOnTheFirstInUtc() {
        Instant february = Instant.parse("2025-02-28T23:30:00Z");
        cost.pipe(call("acme", "m/x", "0.000000000005", "0", february, null, null, null, null));
        cost.pipe(call("acme", "m/x", "0.000000000006", "0", MONTH.plusSeconds(1), null, null, null, null));

        assertThat(spent("acme", BudgetPeriod.MONTH, Instant.parse("2025-02-01T00:00:00Z"))).isEqualTo(Money.of("0.000000000005"));
        assertThat(spent("acme", BudgetPeriod.MONTH, MONTH)).isEqualTo(Money.of("0.000000000006"));
    }

    @Test
    void shouldAddALateCallToTheDayItHappenedIn() {
        cost.pipe(call("acme", "m/x", "0.000000000001", "0", DAY.plus(Duration.ofDays(1)), null, null, null, null));
        cost.pipe(call("acme", "m/x", "0.000000000002", "0", DAY.plusSeconds(5), null, null, null, null));

        assertThat(spent("acme", BudgetPeriod.DAY, DAY)).isEqualTo(Money.of("0.000000000002"));
        assertThat(spent("acme", BudgetPeriod.DAY, DAY.plus(Duration.ofDays(1)))).isEqualTo(Money.of("0.000000000001"));
    }

    @Test
    void shouldPurgePeriodsThatStartedMoreThanFortyDaysBeforeStreamTime() {
        cost.pipe(call("acme", "m/x", "0.000000000001", "0", DAY.plusSeconds(1), "search", null, null, null));
        assertThat(CostDriver.count(cost.spendStore())).isEqualTo(4);

        Instant later = DAY.plus(Duration.ofDays(41));
        cost.pipe(call("acme", "m/x", "0.000000000002", "0", later, null, null, null, null));

        List<String> left = new ArrayList<>();
        try (KeyValueIterator<String, SpendUpdate> it = cost.spendStore().all()) {
            it.forEachRemaining(kv -> left.add(kv.value.getPeriod() + "@" + kv.value.getPeriodStart()));
        }
        assertThat(left).containsExactlyInAnyOrder("DAY@2025-04-11T00:00:00Z", "MONTH@2025-04-01T00:00:00Z");
    }

    private BigDecimal spent(String tenant, BudgetPeriod period, Instant start) {
        SpendUpdate row = cost.spendStore().get(new SpendKey(tenant, period, start, BudgetScope.TENANT, tenant).encode());
        return row == null ? null : row.getSpent();
    }

    private static List<String> scopes(String tenant, String team, String project, String key) {
        List<String> scopes = new ArrayList<>(List.of(tenant + "|TENANT|" + tenant));
        if (team != null) {
            scopes.add(tenant + "|TEAM|" + team);
        }
        if (project != null) {
            scopes.add(tenant + "|PROJECT|" + project);
        }
        if (key != null) {
            scopes.add(tenant + "|KEY|" + key);
        }
        return scopes;
    }
}
