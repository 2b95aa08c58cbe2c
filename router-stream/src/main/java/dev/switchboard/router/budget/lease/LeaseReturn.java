package dev.switchboard.router.budget.lease;

import java.math.BigDecimal;
import java.util.List;

/** A lane gives back lease it did not use ({@code released}) and reports what its answers really cost ({@code spent}). */
public record LeaseReturn(String lane, String tenant, List<Line> lines) implements LeaseMessage {
    public LeaseReturn {
        lines = List.copyOf(lines);
    }

    /**
     * @param spent      for a budget, what answers cost; for rate limits and sessions, what requests used
     * @param lastUsedMs when the last use reported here happened: a rate limit counts every reported use at this
     *                   second (never earlier than it happened), so the minute it counts in can only be a later one
     */
    public record Line(LeaseKind kind, String ledgerKey, long periodEndMs, BigDecimal released, BigDecimal spent, long lastUsedMs) {
        public Line(String ledgerKey, long periodEndMs, BigDecimal released, BigDecimal spent) {
            this(LeaseKind.BUDGET, ledgerKey, periodEndMs, released, spent, 0);
        }
    }
}
