package dev.switchboard.launcher;

import dev.switchboard.launcher.config.SwitchboardConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: where the config is and the few settings worth overriding on the command line. */
final class ConfigOptions {
    @Option(names = "--config", description = "YAML settings file (default: the built-in switchboard.yaml)")
    Path configFile;

    @Option(names = "--bootstrap-servers", description = "Kafka to use; without it an embedded broker is started")
    String bootstrapServers;

    @Option(names = "--data-dir", description = "Where the embedded broker and the stream state live (default: temporary)")
    Path dataDir;

    @Option(names = "--registry-url", description = "Confluent-API schema registry URL, or mock://name for an in-memory one")
    String registryUrl;

    @Option(names = "--metrics-port", description = "Prometheus endpoint port (-1: none); set it when several processes share a host")
    Integer metricsPort;

    @Option(names = "--governance", description = "Governance file (keys, budgets, rate limits; see ops/governance.yaml), published and watched for changes")
    Path governanceFile;

    @Option(names = "--open", description = "Run a router on a cluster without a governance file: every tenant open (refused otherwise)")
    boolean open;

    @Option(names = "--gateway-port", description = "The OpenAI-compatible gateway's port on 127.0.0.1 (default 8080; 0: a free port)")
    Integer gatewayPort;

    SwitchboardConfig load() {
        SwitchboardConfig config = SwitchboardConfig.load(configFile);
        if (bootstrapServers != null) {
            config = config.withBootstrapServers(bootstrapServers);
        }
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        if (registryUrl != null) {
            config = config.withRegistry(new SwitchboardConfig.RegistrySettings(registryUrl, config.registry().httpPort()));
        }
        if (metricsPort != null) {
            config = config.withPorts(config.kafka().embeddedPort(), config.registry().httpPort(), config.cost().httpPort(), metricsPort,
                    config.gateway().portOrDefault());
        }
        if (gatewayPort != null) {
            config = config.withGateway(config.gateway().withPort(gatewayPort));
        }
        if (governanceFile != null) {
            var given = config.governance();
            config = config.withGovernance(new SwitchboardConfig.GovernanceSettings(governanceFile, given.reloadInterval(), given.secureReads(),
                    given.adminKeyFile()));
        }
        return config.validated();
    }

    /** A component run alone joins an existing cluster; an embedded broker would be one nobody else can reach. */
    SwitchboardConfig loadForCluster(String command) {
        SwitchboardConfig config = load();
        if (config.kafka().embedded()) {
            throw new IllegalArgumentException("switchboard " + command + " runs against a Kafka cluster: give --bootstrap-servers "
                    + "(or kafka.bootstrapServers in --config); 'switchboard up' runs everything with an embedded broker");
        }
        return config;
    }
}
