package dev.switchboard.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Simulated latency profile of one model: the wait before the first token plus a per-token generation cost,
 * so long answers take proportionally longer, as they do with real providers.
 */
public record ModelLatency(Duration timeToFirstToken, Duration perOutputToken) {

    public ModelLatency {
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken must not be null");
        Objects.requireNonNull(perOutputToken, "perOutputToken must not be null");
        if (timeToFirstToken.isNegative()) {
            throw new IllegalArgumentException("timeToFirstToken must not be negative: " + timeToFirstToken);
        }
        if (perOutputToken.isNegative()) {
            throw new IllegalArgumentException("perOutputToken must not be negative: " + perOutputToken);
        }
    }

    public static ModelLatency ofMillis(long timeToFirstTokenMillis, long perOutputTokenMillis) {
        return new ModelLatency(Duration.ofMillis(timeToFirstTokenMillis), Duration.ofMillis(perOutputTokenMillis));
    }

    /** Total time to produce a completion of {@code completionTokens} tokens. */
    public Duration totalFor(int completionTokens) {
        return timeToFirstToken.plus(perOutputToken.multipliedBy(Math.max(0, completionTokens)));
    }

    /** Scales both components; used by tests to make latency tiny without changing relative model speeds. */
    public ModelLatency scaled(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("latency scale must be a finite number >= 0: " + factor);
        }
        return new ModelLatency(scale(timeToFirstToken, factor), scale(perOutputToken, factor));
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.round(d.toNanos() * factor));
    }
}
