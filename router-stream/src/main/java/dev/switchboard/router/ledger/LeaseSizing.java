package dev.switchboard.router.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How much the ledger lends for one ask. Nothing when the budget cannot cover what is needed (the lane refuses the
 * request). Otherwise what was needed, and up to the wanted chunk, but never more than half of what is left once
 * the need is met: the other lanes of the tenant can still get their share without waiting for a return.
 */
public final class LeaseSizing {
    private LeaseSizing() {
    }

    public static BigDecimal grant(BigDecimal available, BigDecimal needed, BigDecimal wanted) {
        if (needed.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        if (available.compareTo(needed) < 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal spareHalf = available.subtract(needed).divide(BigDecimal.valueOf(2), available.scale() + 2, RoundingMode.DOWN);
        BigDecimal extra = wanted.subtract(needed).max(BigDecimal.ZERO).min(spareHalf);
        return needed.add(extra).stripTrailingZeros();
    }
}
