package dev.switchboard.kafka.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings for an {@link EmbeddedKafkaBroker}.
 *
 * @param dataDir   broker log/metadata directory; {@code null} means a temporary directory that is deleted on close.
 *                  Reusing a directory keeps topics, records and the cluster id across restarts.
 * @param port      PLAINTEXT client port on 127.0.0.1; {@code 0} picks a free port.
 * @param overrides broker properties applied last, on top of the single-node defaults (e.g. {@code num.partitions}).
 */
public record EmbeddedKafkaConfig(Path dataDir, int port, Map<String, String> overrides) {

    public EmbeddedKafkaConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** Temporary data dir, free port, no overrides. */
    public static EmbeddedKafkaConfig defaults() {
        return new EmbeddedKafkaConfig(null, 0, Map.of());
    }

    public EmbeddedKafkaConfig withDataDir(Path dir) {
        return new EmbeddedKafkaConfig(dir, port, overrides);
    }

    public EmbeddedKafkaConfig withPort(int newPort) {
        return new EmbeddedKafkaConfig(dataDir, newPort, overrides);
    }

    /** Returns a copy with {@code extra} merged over the existing overrides. */
    public EmbeddedKafkaConfig withOverrides(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(extra);
        return new EmbeddedKafkaConfig(dataDir, port, merged);
    }
}
