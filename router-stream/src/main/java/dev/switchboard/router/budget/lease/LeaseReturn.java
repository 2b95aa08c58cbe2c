package dev.switchboard.router.budget.lease;

import java.math.BigDecimal;
import java.util.List;

/** A lane gives back lease it did not use ({@code released}) and reports what its answers really cost ({@code spent}). */
public record LeaseReturn(String lane, String tenant, List<Line> lines) implements LeaseMessage {
    public LeaseReturn {
        lines = List.copyOf(lines);
    }

    public record Line(String ledgerKey, long periodEndMs, BigDecimal released, BigDecimal spent) {
    }
}
