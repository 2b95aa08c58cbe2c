package dev.switchboard.router.governance;

import dev.switchboard.router.budget.lease.LeaseKind;
import dev.switchboard.router.intake.Rejection;

/**
 * What one request takes from one limit: a request or its tokens from an RPM or TPM limit, or its tokens from its
 * session's cap. Lanes hold these in leases from the tenant's ledger, so every lane counts against the same limit.
 *
 * @param ledgerKey where the tenant's ledger keeps the limit (a lane's lease has the same key)
 * @param limit     the limit per minute, or the session's cap
 * @param amount    what this request takes: 1 request, or its likely prompt plus output allowance in tokens
 * @param subject   who the limit is on, for the refusal: "key acme-ci", "session s-1"
 */
public record Permit(Kind kind, String ledgerKey, long limit, long amount, String subject) {
    public enum Kind {
        REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE, SESSION_TOKENS;

        LeaseKind leaseKind() {
            return this == SESSION_TOKENS ? LeaseKind.SESSION : LeaseKind.RATE;
        }
    }

    public LeaseKind leaseKind() {
        return kind.leaseKind();
    }

    /**
     * The refusal when the limit could not spare {@code amount}; {@code used} is what the ledger counted: used in the
     * last minute (or in the session) plus what lanes hold for requests they are letting in.
     */
    public Rejection refusal(long used) {
        return switch (kind) {
            case REQUESTS_PER_MINUTE -> new Rejection(GovernanceCodes.RATE_LIMITED,
                    subject + ": " + used + " requests in the last minute; the limit is " + limit + " per minute");
            case TOKENS_PER_MINUTE -> new Rejection(GovernanceCodes.RATE_LIMITED,
                    subject + ": " + used + " tokens in the last minute and " + amount + " requested; the limit is " + limit + " per minute");
            case SESSION_TOKENS -> new Rejection(GovernanceCodes.SESSION_TOKEN_CAP, subject + " has used " + used
                    + " tokens and this request asks for " + amount + "; the cap is " + limit + " per session");
        };
    }
}
