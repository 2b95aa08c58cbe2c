package dev.switchboard.router.intake;

import java.nio.charset.StandardCharsets;

/**
 * Masks a virtual key inside a record's original bytes before they go to the dead-letter topic. The mask has the
 * key's length, so an Avro record (whose strings are length-prefixed) stays readable, as does JSON.
 */
final class KeyRedaction {
    private KeyRedaction() {
    }

    static byte[] redact(byte[] payload, String key) {
        if (payload == null || key == null || key.isEmpty()) {
            return payload;
        }
        byte[] secret = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = payload.clone();
        for (int at = indexOf(out, secret, 0); at >= 0; at = indexOf(out, secret, at + secret.length)) {
            java.util.Arrays.fill(out, at, at + secret.length, (byte) '*');
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
