package dev.switchboard.worker.provider;

/** Why a provider call failed, in the terms retries and fallbacks decide on. */
public enum FailureKind {
    RATE_LIMITED("provider_rate_limited", true),
    SERVER_ERROR("provider_error", true),
    TIMEOUT("provider_timeout", true),
    UNREACHABLE("provider_unreachable", true),
    BAD_RESPONSE("provider_bad_response", true),
    REJECTED_BY_PROVIDER("provider_rejected", false),
    AUTHENTICATION("provider_auth", false),
    /** Not a call: the circuit breaker of this provider and model is open, so the call was not made. */
    CIRCUIT_OPEN("provider_circuit_open", false);

    private final String code;
    private final boolean retryable;

    FailureKind(String code, boolean retryable) {
        this.code = code;
        this.retryable = retryable;
    }

    /** The error code written into a FAILED answer. */
    public String code() {
        return code;
    }

    /** Whether another attempt at the same model could succeed; the request itself is not at fault. */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Whether this failure says the provider is unhealthy, for its circuit breaker. A 429 says the opposite: the
     * provider is up and asking us to slow down, which the retry's backoff does.
     */
    public boolean countsAgainstCircuit() {
        return retryable && this != RATE_LIMITED;
    }

    /** Whether the next model of the fallback chain should be tried: the provider is the problem, not the request. */
    public boolean fallsOver() {
        return retryable || this == CIRCUIT_OPEN;
    }
}
