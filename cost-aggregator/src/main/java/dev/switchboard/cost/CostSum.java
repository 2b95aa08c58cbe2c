package dev.switchboard.cost;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.apache.kafka.streams.kstream.Window;

/**
 * The window arithmetic, free of Kafka: exact BigDecimal sums at the wire scale (never a double), and
 * integer token counts. The stored aggregate carries no window bounds (the aggregator does not know them);
 * {@link #withBounds} adds them on the way out of the store.
 */
final class CostSum {
    private CostSum() {
    }

    static WindowedCost empty(String sizeLabel) {
        return WindowedCost.newBuilder()
                .setTenant("")
                .setModel(null)
                .setTeam(null)
                .setFeature(null)
                .setWindow(sizeLabel)
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.EPOCH)
                .setCalls(0)
                .setInputTokens(0)
                .setOutputTokens(0)
                .setCachedInputTokens(0)
                .setCost(Money.ZERO)
                .setBaselineCost(Money.ZERO)
                .setCacheHits(0)
                .setCostSaved(Money.ZERO)
                .setRoutingSaved(Money.ZERO)
                .setBaselineSaved(Money.ZERO)
                .setBatchSaved(Money.ZERO)
                .build();
    }

    /**
     * Adds one provider call, or one answer served from the cache (counted as a hit with what it saved, not as a
     * call). {@code by} decides which of model, team or feature the aggregate is per, if any. Savings are split by
     * {@link Savings}: a cache answer carries its source's baseline, but it made no call to save on.
     */
    static WindowedCost add(WindowedCost sum, UsageEvent usage, CostDimension by) {
        var tokens = usage.getUsage();
        boolean cached = usage.getCacheOutcome() != null;
        Savings saved = Savings.of(usage);
        WindowedCost.Builder next = WindowedCost.newBuilder(sum)
                .setTenant(usage.getTenant())
                .setCalls(sum.getCalls() + (cached ? 0 : 1))
                .setCacheHits(sum.getCacheHits() + (cached ? 1 : 0))
                .setCostSaved(plus(sum.getCostSaved(), saved.cache()))
                .setRoutingSaved(plus(sum.getRoutingSaved(), saved.routing()))
                .setBaselineSaved(plus(sum.getBaselineSaved(), saved.baseline()))
                .setBatchSaved(plus(sum.getBatchSaved(), saved.batch()))
                .setInputTokens(sum.getInputTokens() + (tokens == null ? 0 : tokens.getInputTokens()))
                .setOutputTokens(sum.getOutputTokens() + (tokens == null ? 0 : tokens.getOutputTokens()))
                .setCachedInputTokens(sum.getCachedInputTokens() + (tokens == null ? 0 : tokens.getCachedInputTokens()))
                .setCost(plus(sum.getCost(), usage.getCost()))
                .setBaselineCost(plus(sum.getBaselineCost(), usage.getBaselineCost()));
        return by.set(next, by.valueOf(usage)).build();
    }

    /** Every saving of a window: routing, against the baseline, cache and batch. */
    static BigDecimal saved(WindowedCost sum) {
        return new Savings(sum.getRoutingSaved(), sum.getBaselineSaved(), sum.getCostSaved(), sum.getBatchSaved()).total();
    }

    /** The counters of two windows added up; names and bounds are those of {@code sum}. */
    static WindowedCost merge(WindowedCost sum, WindowedCost more) {
        return WindowedCost.newBuilder(sum)
                .setCalls(sum.getCalls() + more.getCalls())
                .setCacheHits(sum.getCacheHits() + more.getCacheHits())
                .setInputTokens(sum.getInputTokens() + more.getInputTokens())
                .setOutputTokens(sum.getOutputTokens() + more.getOutputTokens())
                .setCachedInputTokens(sum.getCachedInputTokens() + more.getCachedInputTokens())
                .setCost(plus(sum.getCost(), more.getCost()))
                .setBaselineCost(plus(sum.getBaselineCost(), more.getBaselineCost()))
                .setCostSaved(plus(sum.getCostSaved(), more.getCostSaved()))
                .setRoutingSaved(plus(sum.getRoutingSaved(), more.getRoutingSaved()))
                .setBaselineSaved(plus(sum.getBaselineSaved(), more.getBaselineSaved()))
                .setBatchSaved(plus(sum.getBatchSaved(), more.getBatchSaved()))
                .build();
    }

    /**
     * Cache answers as a percent of cache answers plus provider calls, two decimals; null when there were
     * neither. A cascade's extra calls count as calls, so this is the share of provider work the cache avoided.
     */
    static BigDecimal cacheHitPercent(WindowedCost sum) {
        long all = sum.getCacheHits() + sum.getCalls();
        if (all == 0) {
            return null;
        }
        return BigDecimal.valueOf(sum.getCacheHits() * 100L).divide(BigDecimal.valueOf(all), 2, RoundingMode.HALF_UP);
    }

    static WindowedCost withBounds(WindowedCost sum, Window window) {
        return withBounds(sum, window.startTime(), window.endTime());
    }

    static WindowedCost withBounds(WindowedCost sum, Instant start, Instant end) {
        return WindowedCost.newBuilder(sum).setWindowStart(start).setWindowEnd(end).build();
    }

    /** Both sides are scale 12 on the wire, so the sum is exact; {@link Money#of} fails rather than round. */
    static BigDecimal plus(BigDecimal a, BigDecimal b) {
        return Money.of((a == null ? Money.ZERO : a).add(b == null ? Money.ZERO : b));
    }

    static BigDecimal minus(BigDecimal a, BigDecimal b) {
        return Money.of((a == null ? Money.ZERO : a).subtract(b == null ? Money.ZERO : b));
    }
}
