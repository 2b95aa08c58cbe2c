package dev.switchboard.schemas;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** USD amounts as they travel on the wire: Avro decimal(24, 12). Never a double. */
public final class Money {
    public static final int SCALE = 12;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Money() {
    }

    /** Brings an exact amount to the wire scale; fails rather than silently rounding. */
    public static BigDecimal of(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public static BigDecimal of(String amount) {
        return of(new BigDecimal(amount));
    }
}
