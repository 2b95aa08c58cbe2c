package dev.switchboard.router.intake;

import java.nio.charset.StandardCharsets;

/**
 * Masks a virtual key inside a record's original bytes before they go to the dead-letter topic. The mask has the
 * key's length in bytes, so an Avro record (whose strings are length-prefixed) stays readable, as does JSON.
 */
final class KeyRedaction {
    private KeyRedaction() {
    }

    static byte[] redact(byte[] payload, String key) {
        if (payload == null || key == null || key.isEmpty()) {
            return payload;
        }
        // ISO-8859-1 maps every byte to one char and back, so a byte search becomes a string replace.
        String bytes = new String(payload, StandardCharsets.ISO_8859_1);
        String secret = new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return bytes.replace(secret, "*".repeat(secret.length())).getBytes(StandardCharsets.ISO_8859_1);
    }
}
