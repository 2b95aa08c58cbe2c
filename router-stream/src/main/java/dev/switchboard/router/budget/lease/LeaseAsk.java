package dev.switchboard.router.budget.lease;

import java.math.BigDecimal;
import java.util.List;

/**
 * A lane asks the tenant's ledger for more of some budgets: at least {@code needed} of each line (what the request at
 * the head of its queue lacks), {@code wanted} if the ledger can spare it (a chunk, so the next requests need no ask).
 */
public record LeaseAsk(String lane, long askId, String tenant, List<Line> lines) implements LeaseMessage {
    public LeaseAsk {
        lines = List.copyOf(lines);
    }

    /**
     * @param hardLimit   the budget's hard limit (the rate limit, the session cap) as the lane read it from the tenant's live policy
     * @param periodEndMs when a budget period ends; for a session, until when it is kept; unused for a rate limit
     */
    public record Line(LeaseKind kind, String ledgerKey, long periodEndMs, BigDecimal hardLimit, BigDecimal needed, BigDecimal wanted) {
        public Line(String ledgerKey, long periodEndMs, BigDecimal hardLimit, BigDecimal needed, BigDecimal wanted) {
            this(LeaseKind.BUDGET, ledgerKey, periodEndMs, hardLimit, needed, wanted);
        }
    }
}
