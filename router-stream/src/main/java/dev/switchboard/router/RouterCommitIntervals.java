package dev.switchboard.router;

import dev.switchboard.schemas.Tier;
import java.time.Duration;

/**
 * How often each part of the router commits its exactly-once transaction. A record a part writes is visible to the
 * next hop (read_committed) only once the transaction commits, so the interval is a latency floor per hop; each commit
 * also costs the broker a handful of requests, paid whether it carries one record or a thousand. Interactive commits
 * often for latency; batch waits longer and carries more per transaction, since its work may wait.
 */
public record RouterCommitIntervals(Duration triage, Duration interactive, Duration standard, Duration batch, Duration ledger) {
    public static final Duration DEFAULT_TRIAGE = Duration.ofMillis(20);
    public static final Duration DEFAULT_INTERACTIVE = Duration.ofMillis(20);
    public static final Duration DEFAULT_STANDARD = Duration.ofMillis(50);
    public static final Duration DEFAULT_BATCH = Duration.ofMillis(200);
    public static final Duration DEFAULT_LEDGER = Duration.ofMillis(50);
    /** Beyond this a lease round trip or an answer would wait for seconds; a commit interval is not meant to. */
    static final Duration MAX = Duration.ofSeconds(5);

    public RouterCommitIntervals {
        requireInRange(triage, "triage");
        requireInRange(interactive, "interactive");
        requireInRange(standard, "standard");
        requireInRange(batch, "batch");
        requireInRange(ledger, "ledger");
    }

    public static RouterCommitIntervals defaults() {
        return new RouterCommitIntervals(DEFAULT_TRIAGE, DEFAULT_INTERACTIVE, DEFAULT_STANDARD, DEFAULT_BATCH, DEFAULT_LEDGER);
    }

    public Duration lane(Tier tier) {
        return switch (tier) {
            case INTERACTIVE -> interactive;
            case STANDARD -> standard;
            case BATCH -> batch;
        };
    }

    private static void requireInRange(Duration interval, String part) {
        if (interval == null || interval.isNegative() || interval.isZero() || interval.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("router commitIntervals." + part + " must be positive and at most " + MAX + ", got " + interval);
        }
    }
}
