package dev.switchboard.cost;

import dev.switchboard.schemas.WindowedCost;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

/** Read access to windowed cost: what the HTTP layer needs, so it can be tested without Kafka. */
public interface CostWindows {

    /** The window sizes these windows come in. */
    CostConfig config();

    /**
     * The windows of {@code tenant} of the given size ("1m", "1h", "1d") split by {@code by}, whose start lies in
     * [{@code from}, {@code to}], oldest first (then by model, team or feature), with their bounds set.
     *
     * @throws IllegalArgumentException for a size that is not configured, or {@code from} after {@code to}
     */
    List<WindowedCost> windows(String tenant, String size, CostDimension by, Instant from, Instant to);

    /**
     * Tenants with a window of the largest size that overlaps [from, to], sorted. Overlaps, not starts: a range of
     * minutes inside a day holds no day window's start, yet every tenant of that day's window may have spent in it.
     */
    SortedSet<String> tenants(Instant from, Instant to);

    /** Cost and calls of the tenant over the per-tenant windows starting in [from, to]. */
    default CostTotal total(String tenant, String size, Instant from, Instant to) {
        return CostTotal.of(tenant, windows(tenant, size, CostDimension.TENANT, from, to));
    }

    default BigDecimal totalCost(String tenant, String size, Instant from, Instant to) {
        return total(tenant, size, from, to).cost();
    }
}
