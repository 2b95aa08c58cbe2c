package dev.switchboard.schemas.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.VirtualKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallersTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Map<String, VirtualKey> KEYS = Map.of(
            KeyHash.sha256Hex("sk-live"), key("live", null, false),
            KeyHash.sha256Hex("sk-team"), VirtualKey.newBuilder(key("team", null, false)).setTeam("search").build(),
            KeyHash.sha256Hex("sk-expired"), key("expired", NOW, false),
            KeyHash.sha256Hex("sk-revoked"), key("revoked", null, true));
    private final Callers governed = Callers.of(Access.withAdminKey("sk-admin"), hash -> Optional.ofNullable(KEYS.get(hash)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldTellTheAdminFromATenantsKeyAndRefuseTheRest() {
        assertThat(governed.authenticate("sk-admin")).contains(Caller.ADMIN);
        assertThat(governed.authenticate("sk-live")).hasValueSatisfying(c -> {
            assertThat(c.admin()).isFalse();
            assertThat(c.mayRead("acme")).isTrue();
            assertThat(c.mayRead("globex")).isFalse();
            assertThat(c.teamScoped()).isFalse();
        });
        assertThat(governed.authenticate("sk-team")).hasValueSatisfying(c -> assertThat(c.teamScoped()).isTrue());
        assertThat(governed.authenticate("sk-expired")).as("expired at this very instant").isEmpty();
        assertThat(governed.authenticate("sk-revoked")).isEmpty();
        assertThat(governed.authenticate("sk-unknown")).isEmpty();
        assertThat(governed.authenticate(null)).isEmpty();
        assertThat(governed.authenticate("")).isEmpty();
    }

    @Test
    void shouldLetEveryoneReadEverythingWithGovernanceOff() {
        assertThat(Callers.of(Access.OPEN, hash -> Optional.empty(), Clock.systemUTC()).authenticate(null)).contains(Caller.ADMIN);
    }

    @Test
    void shouldReadTheBearerTokenOfAnAuthorizationHeader() {
        assertThat(Callers.bearer("Bearer sk-x")).isEqualTo("sk-x");
        assertThat(Callers.bearer("bearer  sk-x ")).isEqualTo("sk-x");
        assertThat(Callers.bearer("Basic dXNlcjpwdw==")).isNull();
        assertThat(Callers.bearer("Bearer ")).isNull();
        assertThat(Callers.bearer(null)).isNull();
    }

    private static VirtualKey key(String id, Instant expiresAt, boolean revoked) {
        return VirtualKey.newBuilder().setKeyId(id).setKeySha256("-").setTenant("acme").setExpiresAt(expiresAt).setRevoked(revoked).build();
    }
}
