package dev.switchboard.router.budget.lease;

import java.math.BigDecimal;
import java.util.List;

/**
 * The ledger's answer to one {@link LeaseAsk}, on {@code llm.budget-grants}. Each line says what was lent (zero when
 * the budget could not spare what was needed) and the ledger's figures after the grant, which a refusal quotes.
 */
public record LeaseGrant(String lane, long askId, String tenant, List<Line> lines) {
    public LeaseGrant {
        lines = List.copyOf(lines);
    }

    /**
     * @param spent     the period's spend as the ledger knows it (settled by lanes, or the aggregator's count if higher)
     * @param lent      lent to every lane and not yet given back (worst cases of requests in flight, unused lease)
     * @param available what the budget could still lend
     */
    public record Line(String ledgerKey, long periodEndMs, BigDecimal granted, BigDecimal spent, BigDecimal lent, BigDecimal available) {
        public boolean denied() {
            return granted.signum() == 0;
        }
    }
}
