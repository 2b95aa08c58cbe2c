package dev.switchboard.schemas.access;

/**
 * Whether a process's HTTP reads need a credential (governance on) and which hash the admin key has. Holds the
 * hash only, so it can be passed around and printed without revealing the key.
 *
 * @param adminKeySha256 null: no admin key, virtual keys only
 */
public record Access(boolean required, String adminKeySha256) {
    public static final Access OPEN = new Access(false, null);

    public static Access withAdminKey(String adminKey) {
        return new Access(true, KeyHash.sha256Hex(adminKey));
    }
}
