package dev.switchboard.launcher;

import dev.switchboard.schemas.serde.SwitchboardSerdes;
import picocli.CommandLine.Option;

/** Where a client command finds the cluster and its schema registry; a picocli mixin of the client commands. */
final class ClusterOptions {
    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "default ${DEFAULT-VALUE}")
    String bootstrapServers;

    @Option(names = "--registry-url", defaultValue = "http://127.0.0.1:8085", description = "default ${DEFAULT-VALUE} (the embedded system's registry)")
    String registryUrl;

    SwitchboardSerdes serdes() {
        return SwitchboardSerdes.forUrl(registryUrl);
    }
}
