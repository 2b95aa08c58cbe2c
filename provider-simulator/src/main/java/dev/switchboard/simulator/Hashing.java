package dev.switchboard.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable 64-bit hashes (SHA-256 prefix). Unlike {@link Object#hashCode()} these are well distributed and
 * identical across JVMs and runs, which is what makes answers and fault decisions reproducible.
 */
final class Hashing {

    private Hashing() {
    }

    static long hash64(String... parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array()); // length-prefix: no ambiguity
            digest.update(bytes);
        }
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    static long hash64(long seed, int index, byte[] body) {
        MessageDigest digest = sha256();
        digest.update(ByteBuffer.allocate(12).putLong(seed).putInt(index).array());
        digest.update(body);
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    /** Uniform double in [0, 1) from the top 53 bits of a hash. */
    static double unitInterval(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
