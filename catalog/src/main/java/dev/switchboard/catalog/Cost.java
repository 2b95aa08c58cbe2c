package dev.switchboard.catalog;

import dev.switchboard.schemas.Money;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Price of one request in USD at the wire scale (12 decimals). {@code priceKnown == false} means the
 * model was not in the catalog: the zero amount is a placeholder, not a real "free", and must be flagged.
 */
public record Cost(BigDecimal amount, boolean priceKnown) {

    private static final Cost UNKNOWN = new Cost(Money.ZERO, false);

    public Cost {
        // Money.of refuses to round, so a caller cannot sneak in an amount that loses precision.
        amount = Money.of(Objects.requireNonNull(amount, "amount"));
    }

    public static Cost unknown() {
        return UNKNOWN;
    }
}
