package dev.switchboard.schemas;

/**
 * Sizes every Switchboard record stays within. A write that fails for size inside a Kafka Streams transaction aborts
 * it and the same input is read again, forever; so sizes are checked before anything is written.
 */
public final class RecordLimits {
    /**
     * Largest serialized value written to any topic: below the 1 MiB default of the producer's
     * {@code max.request.size} and the broker's {@code message.max.bytes}, leaving room for key, headers and batch
     * overhead.
     */
    public static final int MAX_RECORD_BYTES = 1_000_000;
    /**
     * Largest request the router accepts: what it writes onward (the routed request, a re-keyed copy) carries the
     * request plus an envelope, and must still fit {@link #MAX_RECORD_BYTES}.
     */
    public static final int MAX_REQUEST_BYTES = 900_000;
    /** Largest payload a dead letter carries; a larger original is cut to an excerpt of this size. */
    public static final int MAX_DEAD_LETTER_PAYLOAD_BYTES = 64 * 1024;

    private RecordLimits() {
    }
}
