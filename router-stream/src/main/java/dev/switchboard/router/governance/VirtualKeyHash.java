package dev.switchboard.router.governance;

import dev.switchboard.schemas.access.KeyHash;

/** The router's name for {@link KeyHash}: keys are stored and looked up only by their SHA-256. */
public final class VirtualKeyHash {
    private VirtualKeyHash() {
    }

    public static String sha256Hex(String key) {
        return KeyHash.sha256Hex(key);
    }
}
