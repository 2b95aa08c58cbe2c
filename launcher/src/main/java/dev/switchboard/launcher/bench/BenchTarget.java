package dev.switchboard.launcher.bench;

import dev.switchboard.schemas.Tier;

/** A system the bench sends requests to; its answers reach the tracker it was opened with. */
interface BenchTarget extends AutoCloseable {
    String name();

    /** Publishes one request without waiting for the broker's acknowledgement. */
    void send(String requestId, Tier tier, String prompt, long submittedAtMillis);

    void flush();
}
