package dev.switchboard.router.governance;

import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.VirtualKey;
import java.util.Optional;

/** What the key check concluded: refused with a reason, or admitted with the key presented (none when not required). */
public record KeyVerdict(Optional<VirtualKey> key, Optional<Rejection> refusal) {
    static KeyVerdict admitted(VirtualKey key) {
        return new KeyVerdict(Optional.ofNullable(key), Optional.empty());
    }

    static KeyVerdict refused(String code, String message) {
        return new KeyVerdict(Optional.empty(), Optional.of(new Rejection(code, message)));
    }
}
