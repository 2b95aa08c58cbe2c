package dev.switchboard.cost;

import static dev.switchboard.cost.UsageEvents.cacheAnswer;
import static dev.switchboard.cost.UsageEvents.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Team and feature windows, day windows and savings, through the real topology. */
class DimensionWindowsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private CostDriver cost;

    @BeforeEach
    void setUp() {
        cost = new CostDriver("dimension-windows-test", stateDir, T0);
    }

    @AfterEach
    void tearDown() {
        cost.close();
    }

    @Test
    void shouldSumPerTeamAndPerFeatureExactlyWithNoneForCallsWithout() {
        Random random = new Random(11);
        List<String> teams = Arrays.asList("search", "ads", null);
        List<String> features = Arrays.asList("chat", "summarise", "", null);
        Map<String, BigDecimal> byTeam = new HashMap<>();
        Map<String, BigDecimal> byFeature = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String team = teams.get(random.nextInt(teams.size()));
            String feature = features.get(random.nextInt(features.size()));
            BigDecimal amount = BigDecimal.valueOf(random.nextLong(1, 10_000_000_000L), 12);
            cost.pipe(call("acme", "m/x", amount.toPlainString(), "0", T0.plusMillis(random.nextLong(0, 60_000)),
                    team, null, feature, null));
            byTeam.merge(team == null ? CostDimension.NONE : team, amount, BigDecimal::add);
            byFeature.merge(feature == null || feature.isEmpty() ? CostDimension.NONE : feature, amount, BigDecimal::add);
        }

        List<WindowedCost> teamWindows = cost.windows.windows("acme", "1m", CostDimension.TEAM, T0, T0);
        assertThat(teamWindows).extracting(WindowedCost::getTeam).containsExactly("(none)", "ads", "search");
        teamWindows.forEach(w -> {
            assertThat(w.getCost()).isEqualTo(Money.of(byTeam.get(w.getTeam())));
            assertThat(w.getModel()).isNull();
            assertThat(w.getFeature()).isNull();
        });
        List<WindowedCost> featureWindows = cost.windows.windows("acme", "1h", CostDimension.FEATURE, T0, T0);
        assertThat(featureWindows).extracting(WindowedCost::getFeature).containsExactly("(none)", "chat", "summarise");
        featureWindows.forEach(w -> assertThat(w.getCost()).isEqualTo(Money.of(byFeature.get(w.getFeature()))));
        BigDecimal all = byTeam.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(teamWindows.stream().map(WindowedCost::getCost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(all);
        assertThat(cost.windows.totalCost("acme", "1d", T0.minus(Duration.ofDays(1)), T0)).isEqualTo(Money.of(all));
    }

    @Test
    void shouldCutDayWindowsAtUtcMidnight() {
        cost.pipe(call("acme", "m/x", "0.000000000001", "0", Instant.parse("2025-03-01T23:59:59.999Z"), null, null, null, null));
        cost.pipe(call("acme", "m/x", "0.000000000002", "0", Instant.parse("2025-03-02T00:00:00Z"), null, null, null, null));

        List<WindowedCost> days = cost.windows.windows("acme", "1d", CostDimension.TENANT,
                Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-02T00:00:00Z"));
        assertThat(days).extracting(w -> w.getWindowStart() + " " + w.getWindowEnd() + " " + w.getCost().toPlainString())
                .containsExactly("2025-03-01T00:00:00Z 2025-03-02T00:00:00Z 0.000000000001",
                        "2025-03-02T00:00:00Z 2025-03-03T00:00:00Z 0.000000000002");
        assertThat(days).extracting(WindowedCost::getWindow).containsOnly("1d");
    }

    @Test
    void shouldSumRoutingSavingsOverCallsAndCacheSavingsOverCacheAnswersExactly() {
        List<UsageEvent> events = new ArrayList<>(List.of(
                call("acme", "m/cheap", "0.000000150000", "0.000001234567", T0.plusSeconds(1), "search", null, "chat", null),
                call("acme", "m/cheap", "0.000000000001", "0.999999999999", T0.plusSeconds(2), "search", null, "chat", null),
                // Routed to a dearer model than the baseline: negative savings count too.
                call("acme", "m/dear", "0.000000333333", "0.000000111111", T0.plusSeconds(3), "ads", null, "code", null),
                cacheAnswer("acme", "m/cheap", "0.000000150000", "0.000001234567", T0.plusSeconds(4), "search", "chat"),
                cacheAnswer("acme", "m/dear", "0.012345678901", "0.500000000000", T0.plusSeconds(5), "ads", "code")));
        events.forEach(cost::pipe);

        BigDecimal routing = BigDecimal.ZERO;
        BigDecimal cache = BigDecimal.ZERO;
        for (UsageEvent e : events) {
            if (e.getCacheOutcome() == null) {
                routing = routing.add(e.getBaselineCost()).subtract(e.getCost());
            } else {
                cache = cache.add(e.getCostSaved());
            }
        }
        WindowedCost hour = cost.windows.windows("acme", "1h", CostDimension.TENANT, T0, T0).get(0);
        assertThat(hour.getRoutingSaved()).isEqualTo(Money.of(routing)).isEqualTo(Money.of("1.000000862343"));
        assertThat(hour.getCostSaved()).isEqualTo(Money.of(cache)).isEqualTo(Money.of("0.012345828901"));
        assertThat(hour.getCalls()).isEqualTo(3);
        assertThat(hour.getCacheHits()).isEqualTo(2);
        assertThat(CostSum.cacheHitPercent(hour)).isEqualByComparingTo("40.00");

        List<WindowedCost> models = cost.windows.windows("acme", "1m", CostDimension.MODEL, T0, T0);
        assertThat(models).extracting(w -> w.getModel() + " " + w.getRoutingSaved().toPlainString() + " " + w.getCostSaved().toPlainString())
                .containsExactly("m/cheap 1.000001084565 0.000000150000", "m/dear -0.000000222222 0.012345678901");
    }

    @Test
    void shouldSplitSavingsIntoRoutingBaselineCacheAndBatchExactly() {
        UsageEvent routed = call("acme", "m/cheap", "0.000000100000", "0.000001000000", T0.plusSeconds(1), null, null, null, null);
        UsageEvent named = call("acme", "m/cheap", "0.000000200000", "0.000002000000", T0.plusSeconds(2), null, null, null, null);
        named.setRequestedModel("m/cheap");
        UsageEvent batch = call("acme", "m/cheap", "0.000000050000", "0.000000500000", T0.plusSeconds(3), null, null, null, null);
        batch.setRequestedModel("m/cheap");
        batch.setTier(Tier.BATCH);
        batch.setBatchSaved(Money.of("0.000000050000"));
        List.of(routed, named, batch,
                cacheAnswer("acme", "m/cheap", "0.000000100000", "0.000001000000", T0.plusSeconds(4), null, null)).forEach(cost::pipe);

        WindowedCost hour = cost.windows.windows("acme", "1h", CostDimension.TENANT, T0, T0).get(0);
        assertThat(hour.getRoutingSaved()).isEqualTo(Money.of("0.000000900000"));
        assertThat(hour.getBaselineSaved()).isEqualTo(Money.of("0.000002250000"));
        assertThat(hour.getCostSaved()).isEqualTo(Money.of("0.000000100000"));
        assertThat(hour.getBatchSaved()).isEqualTo(Money.of("0.000000050000"));
        assertThat(CostSum.saved(hour)).isEqualTo(Money.of("0.000003300000"));
    }

    @Test
    void shouldKeepTeamAndFeatureWindowsOutOfTheCostTopics() {
        cost.pipe(call("acme", "m/x", "0.000000000001", "0", T0.plusSeconds(1), "search", null, "chat", null));

        List<WindowedCost> tenantOut = cost.byTenant.readValuesToList();
        List<WindowedCost> modelOut = cost.byTenantModel.readValuesToList();
        assertThat(tenantOut).extracting(WindowedCost::getWindow).containsExactlyInAnyOrder("1m", "1h", "1d");
        assertThat(modelOut).extracting(WindowedCost::getWindow).containsExactlyInAnyOrder("1m", "1h", "1d");
        assertThat(tenantOut).allSatisfy(w -> {
            assertThat(w.getTeam()).isNull();
            assertThat(w.getFeature()).isNull();
        });
        assertThat(modelOut).allSatisfy(w -> assertThat(w.getModel()).isEqualTo("m/x"));
    }

    @Test
    void shouldListTenantsWithDayWindows() {
        cost.pipe(call("globex", "m/x", "0.000000000001", "0", T0, null, null, null, null));
        cost.pipe(call("acme", "m/x", "0.000000000001", "0", T0, null, null, null, null));

        assertThat(cost.windows.tenants(T0.minus(Duration.ofDays(1)), T0)).containsExactly("acme", "globex");
        assertThat(cost.windows.tenants(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)))).isEmpty();
    }

    @Test
    void shouldListTenantsWhoseDayWindowOverlapsARangeInsideTheDay() {
        cost.pipe(call("acme", "m/x", "0.000000000001", "0", T0, null, null, null, null));

        // The day window started at midnight, before this range: it still overlaps it.
        assertThat(cost.windows.tenants(T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(30)))).containsExactly("acme");
        assertThat(cost.windows.tenants(T0.minus(Duration.ofHours(10)).minusMillis(1), T0.minus(Duration.ofHours(10)).minusMillis(1))).isEmpty();
    }
}
