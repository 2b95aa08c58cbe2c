package dev.switchboard.router.budget.lease;

/**
 * What a lease line lends. The ledger keeps each kind by its own rule: money and session tokens are spent for good
 * (a hard limit or a cap), rate-limit permits come back into reach a minute after they were used.
 */
public enum LeaseKind {
    /** USD of a budget period. */
    BUDGET,
    /** Requests or tokens of an RPM/TPM limit, over a sliding minute. */
    RATE,
    /** Tokens of a session's cap. */
    SESSION
}
