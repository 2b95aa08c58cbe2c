package dev.switchboard.gateway.keys;

import dev.switchboard.gateway.state.CompactedView;
import dev.switchboard.router.governance.VirtualKeyHash;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Which tenant each issued virtual key belongs to, read from {@code llm.keys}: the tenant is the record key of a
 * request, so the gateway must know it before publishing. It decides nothing else: the router checks the key.
 */
public final class KeyDirectory implements AutoCloseable {
    private final CompactedView<VirtualKey> keys;

    public KeyDirectory(String bootstrapServers, SwitchboardSerdes serdes) {
        Deserializer<VirtualKey> reader = serdes.virtualKeys().deserializer();
        this.keys = new CompactedView<>(bootstrapServers, Topics.KEYS, bytes -> reader.deserialize(Topics.KEYS, bytes), 1024 * 1024);
    }

    /** The issued key with this SHA-256, for {@code Callers}. */
    public Optional<VirtualKey> bySha256(String sha256) {
        return keys.get(sha256);
    }

    public Optional<String> tenantOf(String apiKey) {
        return keys.get(VirtualKeyHash.sha256Hex(apiKey)).map(VirtualKey::getTenant);
    }

    @Override
    public void close() {
        keys.close();
    }
}
