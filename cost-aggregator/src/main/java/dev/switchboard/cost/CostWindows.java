package dev.switchboard.cost;

import dev.switchboard.schemas.WindowedCost;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Read access to windowed cost: what the HTTP layer needs, so it can be tested without Kafka. */
public interface CostWindows {

    /**
     * The windows of {@code tenant} of the given size ("1m", "1h") whose start lies in [{@code from},
     * {@code to}], oldest first (then by model), with their bounds set.
     *
     * @throws IllegalArgumentException for a size that is not configured, or {@code from} after {@code to}
     */
    List<WindowedCost> windows(String tenant, String size, boolean byModel, Instant from, Instant to);

    /** Cost and calls of the tenant over the per-tenant windows starting in [from, to]. */
    default CostTotal total(String tenant, String size, Instant from, Instant to) {
        return CostTotal.of(tenant, windows(tenant, size, false, from, to));
    }

    default BigDecimal totalCost(String tenant, String size, Instant from, Instant to) {
        return total(tenant, size, from, to).cost();
    }
}
