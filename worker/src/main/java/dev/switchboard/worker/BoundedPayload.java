package dev.switchboard.worker;

import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.RecordLimits;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A worker's dead letter carries at most {@link RecordLimits#MAX_DEAD_LETTER_PAYLOAD_BYTES} of the record it stands
 * for, and always the original's size: a dead letter that grew with its record could exceed the producer's limit,
 * abort the transaction it is written in, and hand the same record back forever. Route-topic records hold no
 * virtual key (the router removes it at admission), so nothing needs masking here.
 */
final class BoundedPayload {
    private BoundedPayload() {
    }

    static DeadLetter.Builder apply(DeadLetter.Builder letter, byte[] original) {
        if (original == null) {
            return letter.setPayload(null).setPayloadSize(null).setPayloadNote(null);
        }
        letter.setPayloadSize((long) original.length);
        if (original.length <= RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES) {
            return letter.setPayload(ByteBuffer.wrap(original)).setPayloadNote(null);
        }
        return letter.setPayload(ByteBuffer.wrap(Arrays.copyOf(original, RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES)))
                .setPayloadNote("excerpt: first " + RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES + " bytes");
    }
}
