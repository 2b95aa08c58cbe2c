package dev.switchboard.schemas.access;

import dev.switchboard.schemas.VirtualKey;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the bearer token of an HTTP read (the cost API, the dashboard's data, the gateway's management endpoints)
 * into a {@link Caller}. With governance off everyone is the admin, as before. With governance on, the token must be
 * the admin key or a virtual key of {@code llm.keys} that is neither revoked nor expired; keys are compared by
 * SHA-256 only, the same hash the router checks requests with.
 */
public final class Callers {
    private static final Callers OPEN = new Callers(false, null, hash -> Optional.empty(), Clock.systemUTC());

    private final boolean required;
    private final String adminKeySha256;
    private final Function<String, Optional<VirtualKey>> keysBySha256;
    private final Clock clock;

    private Callers(boolean required, String adminKeySha256, Function<String, Optional<VirtualKey>> keysBySha256, Clock clock) {
        this.required = required;
        this.adminKeySha256 = adminKeySha256;
        this.keysBySha256 = keysBySha256;
        this.clock = clock;
    }

    /** Governance off: no credential needed, everyone reads every tenant. */
    public static Callers open() {
        return OPEN;
    }

    /**
     * @param adminKeySha256 the admin key's SHA-256, or null for no admin (virtual keys only)
     * @param keysBySha256   the issued keys by hash ({@code llm.keys}); a key it cannot read counts as unknown
     */
    public static Callers governed(String adminKeySha256, Function<String, Optional<VirtualKey>> keysBySha256, Clock clock) {
        return new Callers(true, adminKeySha256, Objects.requireNonNull(keysBySha256), Objects.requireNonNull(clock));
    }

    public static Callers of(Access access, Function<String, Optional<VirtualKey>> keysBySha256, Clock clock) {
        return access.required() ? governed(access.adminKeySha256(), keysBySha256, clock) : open();
    }

    public boolean required() {
        return required;
    }

    /** The caller a bearer token stands for; empty when a credential is required and this one is missing or not valid. */
    public Optional<Caller> authenticate(String bearerToken) {
        if (!required) {
            return Optional.of(Caller.ADMIN);
        }
        if (bearerToken == null || bearerToken.isBlank()) {
            return Optional.empty();
        }
        String hash = KeyHash.sha256Hex(bearerToken);
        if (adminKeySha256 != null && KeyHash.same(hash, adminKeySha256)) {
            return Optional.of(Caller.ADMIN);
        }
        return keysBySha256.apply(hash)
                .filter(key -> !key.getRevoked())
                .filter(key -> key.getExpiresAt() == null || key.getExpiresAt().isAfter(clock.instant()))
                .map(key -> new Caller(key.getTenant(), key.getTeam(), key.getKeyId()));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String bearer(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorizationHeader.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
