package dev.switchboard.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record too large to write. Raised while serializing, before the producer sees the record, so a Streams
 * transaction stays intact and the record can be skipped instead of aborting the transaction on every retry.
 */
public class OversizedRecordException extends SerializationException {
    public OversizedRecordException(String message) {
        super(message);
    }
}
