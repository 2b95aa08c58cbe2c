package dev.switchboard.router.intake;

import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RecordLimits;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a dead letter carries of the record it stands for: the masked copy when it fits
 * {@link RecordLimits#MAX_DEAD_LETTER_PAYLOAD_BYTES}, else its first bytes as an excerpt; always the original's size
 * and SHA-256, so the record can be found at its producer without the dead letter growing with it.
 *
 * @param bytes  masked copy or excerpt; null when nothing could be shown safely
 * @param note   how {@code bytes} differ from the original; null when they are the original
 */
record DeadLetterPayload(ByteBuffer bytes, Long size, String sha256, String note) {
    static final int MAX_BYTES = RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES;

    static DeadLetterPayload none() {
        return new DeadLetterPayload(null, null, null, null);
    }

    /** @param request the record as read, or null when it could not be read (see {@link KeyMask}) */
    static DeadLetterPayload masked(byte[] original, LlmRequest request) {
        if (original == null) {
            return none();
        }
        KeyMask.Masked masked = KeyMask.mask(original, request, MAX_BYTES);
        return of(original, masked.bytes(), masked.note());
    }

    /**
     * @param masked   the original with every virtual key masked, or null when masking could not be proven
     * @param maskNote what masking did (or why nothing is shown); null when the original needed none
     */
    static DeadLetterPayload of(byte[] original, byte[] masked, String maskNote) {
        if (original == null) {
            return none();
        }
        String sha256 = sha256Hex(original);
        if (masked == null) {
            return new DeadLetterPayload(null, (long) original.length, sha256, maskNote);
        }
        if (masked.length <= MAX_BYTES) {
            return new DeadLetterPayload(ByteBuffer.wrap(masked), (long) original.length, sha256, maskNote);
        }
        // A prefix of a key-free text holds no key either, so cutting keeps the masking's guarantee.
        String excerpt = "excerpt: first " + MAX_BYTES + " bytes";
        return new DeadLetterPayload(ByteBuffer.wrap(Arrays.copyOf(masked, MAX_BYTES)), (long) original.length, sha256,
                maskNote == null ? excerpt : maskNote + "; " + excerpt);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
