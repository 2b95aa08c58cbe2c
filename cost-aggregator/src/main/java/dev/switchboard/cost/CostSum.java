package dev.switchboard.cost;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
import java.math.BigDecimal;
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
                .build();
    }

    /**
     * Adds one provider call, or one answer served from the cache (counted as a hit with what it saved, not as a
     * call). {@code byModel} decides whether the aggregate is per tenant or per tenant and model.
     */
    static WindowedCost add(WindowedCost sum, UsageEvent usage, boolean byModel) {
        var tokens = usage.getUsage();
        boolean cached = usage.getCacheOutcome() != null;
        return WindowedCost.newBuilder(sum)
                .setTenant(usage.getTenant())
                .setModel(byModel ? usage.getModel() : null)
                .setCalls(sum.getCalls() + (cached ? 0 : 1))
                .setCacheHits(sum.getCacheHits() + (cached ? 1 : 0))
                .setCostSaved(plus(sum.getCostSaved(), usage.getCostSaved()))
                .setInputTokens(sum.getInputTokens() + (tokens == null ? 0 : tokens.getInputTokens()))
                .setOutputTokens(sum.getOutputTokens() + (tokens == null ? 0 : tokens.getOutputTokens()))
                .setCachedInputTokens(sum.getCachedInputTokens() + (tokens == null ? 0 : tokens.getCachedInputTokens()))
                .setCost(plus(sum.getCost(), usage.getCost()))
                .setBaselineCost(plus(sum.getBaselineCost(), usage.getBaselineCost()))
                .build();
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
}
