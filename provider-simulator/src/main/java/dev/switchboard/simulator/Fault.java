package dev.switchboard.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault to inject for requests to {@code model} ({@value #ANY_MODEL} matches every model) with the given
 * probability. Whether a request is hit is decided from a hash of (seed, request body), so a run replays
 * identically. {@code retryAfter} is only used by {@link FaultKind#RATE_LIMIT}; it defaults to one second.
 */
public record Fault(String model, FaultKind kind, double probability, Duration retryAfter) {

    public static final String ANY_MODEL = "*";
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    public Fault {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("fault model must not be blank (use \"*\" for any model)");
        }
        Objects.requireNonNull(kind, "fault kind must not be null");
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("fault probability must be within [0, 1]: " + probability);
        }
        if (retryAfter == null) {
            retryAfter = kind == FaultKind.RATE_LIMIT ? DEFAULT_RETRY_AFTER : Duration.ZERO;
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("fault retryAfter must not be negative: " + retryAfter);
        }
    }

    /** A fault that hits every request to {@code model}. */
    public static Fault always(String model, FaultKind kind) {
        return new Fault(model, kind, 1.0, null);
    }

    public static Fault rateLimit(String model, double probability, Duration retryAfter) {
        return new Fault(model, FaultKind.RATE_LIMIT, probability, retryAfter);
    }

    boolean appliesTo(String requestedModel) {
        return ANY_MODEL.equals(model) || model.equals(requestedModel);
    }
}
