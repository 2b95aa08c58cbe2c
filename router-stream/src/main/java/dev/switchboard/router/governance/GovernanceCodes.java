package dev.switchboard.router.governance;

/** Error codes of requests refused by governance, as callers see them in {@code error.code}. */
public final class GovernanceCodes {
    public static final String MISSING_KEY = "missing_key";
    public static final String INVALID_KEY = "invalid_key";
    /** A valid key presented for another tenant than its own: the tenant of a keyed request is the key's, whatever the body says. */
    public static final String KEY_TENANT_MISMATCH = "key_tenant_mismatch";
    public static final String KEY_REVOKED = "key_revoked";
    public static final String KEY_EXPIRED = "key_expired";
    public static final String KEY_SCOPE = "key_scope";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TOKEN_CAP = "token_cap_exceeded";
    public static final String SESSION_TOKEN_CAP = "session_token_cap_exceeded";
    public static final String BUDGET_EXCEEDED = "budget_exceeded";
    public static final String UNPRICED_MODEL = "unpriced_model";
    /** The tenant's budget ledger did not answer in time: nothing was spent, the request may be sent again. */
    public static final String BUDGET_UNAVAILABLE = "budget_unavailable";
    /** The tenant's ledger did not lend rate-limit permits or session tokens in time: nothing was counted, send again. */
    public static final String LIMITS_UNAVAILABLE = "limits_unavailable";

    private GovernanceCodes() {
    }
}
