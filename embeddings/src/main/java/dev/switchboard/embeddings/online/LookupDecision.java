package dev.switchboard.embeddings.online;

/** What a tenant's controller says about one semantic candidate. */
public enum LookupDecision {
    /** Serve the cached answer. */
    SERVE,
    /** Serve by policy (cached or fresh) but also call the provider and report the comparison: a paid verification. */
    SERVE_AND_VERIFY,
    /** Below the cut: call the provider. Its answer can be compared with the candidate's at no extra call. */
    MISS;

    public boolean hit() {
        return this != MISS;
    }
}
