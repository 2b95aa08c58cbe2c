package dev.switchboard.simulator;

/** The provider misbehaviours the simulator can inject, mirroring what real providers do under stress. */
public enum FaultKind {
    /** 429 with a Retry-After header and an OpenAI {@code rate_limit_error}. */
    RATE_LIMIT,
    /** 500 with an OpenAI {@code server_error}. */
    SERVER_ERROR,
    /** The request is never answered (held until a long hold time elapses or the simulator closes). */
    TIMEOUT,
    /** 200 with a body that is not JSON. */
    MALFORMED_BODY,
    /** 200 with a valid completion that lacks the {@code usage} object. */
    MISSING_USAGE,
    /**
     * The provider is overloaded: OpenAI-style 503 {@code server_error} on chat completions, Anthropic 529
     * {@code overloaded_error} on messages.
     */
    OVERLOADED
}
