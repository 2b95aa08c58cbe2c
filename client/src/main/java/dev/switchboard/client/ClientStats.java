package dev.switchboard.client;

/**
 * Counts since the client started.
 *
 * @param inFlight  sent, not yet answered (timed-out requests still waiting for their late answer included)
 * @param answered  answered before their deadline
 * @param late      answered after their caller had been told the deadline passed
 * @param timedOut  callers told the deadline passed
 * @param forgotten unanswered even after the late window: the only requests no answer was seen for
 * @param unknown   answers that matched nothing in flight: duplicates, or answers to forgotten requests
 */
public record ClientStats(int inFlight, long answered, long late, long timedOut, long forgotten, long unknown) {
}
