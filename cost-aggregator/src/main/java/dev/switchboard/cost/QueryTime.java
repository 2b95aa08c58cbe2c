package dev.switchboard.cost;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A time given to the query API ({@code from}, {@code to}, {@code at}): ISO-8601 UTC, between the epoch and the end
 * of year 9999. Java's Instant reaches a billion years either way, but window stores and budget periods count in
 * epoch milliseconds and calendar dates, which overflow or go negative far sooner; a time outside the range is a
 * bad parameter (a 400), never an arithmetic failure deep in a store (a 500).
 */
final class QueryTime {
    static final Instant MIN = Instant.EPOCH;
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private QueryTime() {
    }

    /** The parsed time, or {@code fallback} when the value is absent or blank. */
    static Instant parse(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant time;
        try {
            time = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 UTC time such as 2025-03-01T12:00:00Z, was '" + value + "'");
        }
        return checked(name, time);
    }

    /** {@code time} if it lies in the range, else an IllegalArgumentException naming {@code name} and the range. */
    static Instant checked(String name, Instant time) {
        if (time.isBefore(MIN) || time.isAfter(MAX)) {
            throw new IllegalArgumentException(name + " must lie between " + MIN + " and " + MAX + ", was " + time);
        }
        return time;
    }
}
