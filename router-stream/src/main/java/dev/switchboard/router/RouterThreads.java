package dev.switchboard.router;

import dev.switchboard.schemas.Tier;

/**
 * Stream threads of each part of the router: the triage, one lane per tier, and the budget ledger. Each lane has
 * threads of its own, so a flood in one tier never takes another tier's threads.
 */
public record RouterThreads(int triage, int interactive, int standard, int batch, int ledger) {
    public static final int DEFAULT_TRIAGE = 1;
    public static final int DEFAULT_LANE = 1;
    public static final int DEFAULT_LEDGER = 1;

    public RouterThreads {
        requirePositive(triage, "triage");
        requirePositive(interactive, "interactive");
        requirePositive(standard, "standard");
        requirePositive(batch, "batch");
        requirePositive(ledger, "ledger");
    }

    public static RouterThreads defaults() {
        return new RouterThreads(DEFAULT_TRIAGE, DEFAULT_LANE, DEFAULT_LANE, DEFAULT_LANE, DEFAULT_LEDGER);
    }

    public int lane(Tier tier) {
        return switch (tier) {
            case INTERACTIVE -> interactive;
            case STANDARD -> standard;
            case BATCH -> batch;
        };
    }

    private static void requirePositive(int threads, String part) {
        if (threads <= 0) {
            throw new IllegalArgumentException("router threads." + part + " must be positive, got " + threads);
        }
    }
}
