package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.launcher.registry.ApicurioRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml checked against the build, since no Docker runs here: image tags against the pom's versions,
 * every Switchboard command against the CLI, ports and listeners, the replication, transaction and share-group
 * settings the components rely on, and ops/ (switchboard.yaml, prometheus.yml) against the services they name.
 * SnakeYAML reads the file because it resolves the anchors and merge keys ({@code <<: *kafka-env}) as Compose does.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..");
    private static final String KAFKA_IMAGE = "apache/kafka";
    private static final String REGISTRY_IMAGE = "apicurio/apicurio-registry";
    /** Apicurio's image listens here. */
    private static final int REGISTRY_CONTAINER_PORT = 8080;
    private static final List<String> LAUNCH = List.of("java", "-jar", "switchboard.jar");

    private static Map<String, Map<String, Object>> services;
    private static Map<String, String> pom;
    private static SwitchboardConfig opsConfig;

    @BeforeAll
    static void read() throws Exception {
        Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));
        services = new LinkedHashMap<>();
        map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
        pom = pomProperties();
        opsConfig = SwitchboardConfig.load(ROOT.resolve("ops/switchboard.yaml"));
    }

    @Test
    void brokersRunTheBuildsKafkaVersion() {
        assertThat(AppInfoParser.getVersion()).as("the Kafka on this test's classpath is the pom's").isEqualTo(pom.get("kafka.version"));
        assertThat(brokers()).isNotEmpty().allSatisfy((name, service) ->
                assertThat(service.get("image")).as(name).isEqualTo(KAFKA_IMAGE + ":" + pom.get("kafka.version")));
    }

    @Test
    void registryIsTheApicurioVersionTheIntegrationTestRuns() {
        assertThat(service("registry").get("image")).isEqualTo(REGISTRY_IMAGE + ":" + pom.get("apicurio.version"));
        assertThat(opsConfig.registry().url()).as("ops/switchboard.yaml reaches the registry's Confluent API inside the network")
                .isEqualTo("http://registry:" + REGISTRY_CONTAINER_PORT + ApicurioRegistry.CCOMPAT_PATH);
        assertThat(publishedPorts("registry")).containsValue(REGISTRY_CONTAINER_PORT);
    }

    @TestFactory
    Stream<DynamicTest> everySwitchboardServiceRunsACommandTheCliKnows() {
        Map<String, Map<String, Object>> switchboard = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (service.get("command") instanceof List<?> command && command.size() > 3 && command.subList(0, 3).equals(LAUNCH)) {
                switchboard.put(name, service);
            }
        });
        assertThat(switchboard.keySet()).contains("router", "worker", "cost", "gateway");
        return switchboard.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            List<String> command = strings(e.getValue().get("command"));
            // Paths in the container are read from the repository files mounted there.
            List<String> args = command.subList(LAUNCH.size(), command.size()).stream().map(arg -> onHost(e.getValue(), arg)).toList();
            CommandLine cli = new CommandLine(new SwitchboardCommand());
            CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            assertThat(parsed.subcommand()).as("switchboard " + String.join(" ", args)).isNotNull();
            if (parsed.subcommand().commandSpec().userObject() instanceof SwitchboardCommand.ComponentCommand component) {
                SwitchboardConfig effective = component.options.loadForCluster(parsed.subcommand().commandSpec().name());
                assertThat(effective).as(e.getKey() + " runs with ops/switchboard.yaml").isEqualTo(opsConfig);
            }
            assertThat(e.getValue().get("working_dir")).isEqualTo("/app");
            assertThat(strings(e.getValue().get("volumes"))).as("the launcher's build output is the app").contains("./launcher/target:/app:ro");
        }));
    }

    @Test
    void gatewayAndMetricsListenBeyondTheirContainers() {
        assertThat(opsConfig.gateway().host()).as("gateway.host in ops/switchboard.yaml").isEqualTo("0.0.0.0");
        int gatewayPort = opsConfig.gateway().portOrDefault();
        assertThat(publishedPorts("gateway")).containsEntry(gatewayPort, gatewayPort);
        assertThat(opsConfig.metrics().host()).as("metrics.host in ops/switchboard.yaml").isEqualTo("0.0.0.0");
    }

    @Test
    void theLaunchedJarIsWhatTheLauncherBuilds() throws Exception {
        Document launcher = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("launcher/pom.xml").toFile());
        assertThat(launcher.getElementsByTagName("finalName").item(0).getTextContent() + ".jar").isEqualTo(LAUNCH.get(2));
    }

    @Test
    void everyMountedFileOrFolderIsInTheRepository() {
        services.forEach((name, service) -> {
            for (String volume : strings(service.getOrDefault("volumes", List.of()))) {
                String source = volume.split(":")[0];
                if (source.startsWith("./") && !source.equals("./launcher/target")) {
                    assertThat(ROOT.resolve(source)).as(name + " mounts " + source).exists();
                }
            }
        });
    }

    @Test
    void publishedPortsAreDistinctAndReachTheirListeners() {
        Map<Integer, String> hostPorts = new HashMap<>();
        services.keySet().forEach(name -> publishedPorts(name).keySet().forEach(host ->
                assertThat(hostPorts.put(host, name)).as("host port " + host + " published by " + name + " and another").isNull()));
        assertThat(publishedPorts("prometheus")).containsEntry(9090, 9090);
        assertThat(publishedPorts("grafana")).containsEntry(3000, 3000);
        brokers().forEach((name, broker) -> {
            Map<String, String> env = env(broker);
            int external = port(listener(env.get("KAFKA_LISTENERS"), "EXTERNAL"));
            assertThat(publishedPorts(name)).as(name).containsEntry(external, external);
            assertThat(listener(env.get("KAFKA_ADVERTISED_LISTENERS"), "EXTERNAL")).as(name).isEqualTo("localhost:" + external);
        });
    }

    @Test
    void brokersFormOneQuorumAndAdvertiseWhatTheComponentsConnectTo() {
        List<String> voters = new ArrayList<>();
        List<String> internal = new ArrayList<>();
        brokers().forEach((name, broker) -> {
            Map<String, String> env = env(broker);
            voters.add(env.get("KAFKA_NODE_ID") + "@" + name + ":" + port(listener(env.get("KAFKA_LISTENERS"), "CONTROLLER")));
            internal.add(listener(env.get("KAFKA_ADVERTISED_LISTENERS"), "INTERNAL"));
            assertThat(listener(env.get("KAFKA_ADVERTISED_LISTENERS"), "INTERNAL")).isEqualTo(name + ":" + port(listener(env.get("KAFKA_LISTENERS"), "INTERNAL")));
        });
        brokers().values().forEach(broker -> assertThat(env(broker).get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(String.join(",", voters)));
        assertThat(Arrays.asList(opsConfig.kafka().bootstrapServers().split(","))).as("ops/switchboard.yaml's bootstrap servers")
                .containsExactlyElementsOf(internal);
    }

    @Test
    void replicationSurvivesOneBrokerForTopicsTransactionsAndShareGroups() {
        int brokers = brokers().size();
        brokers().forEach((name, broker) -> {
            Map<String, String> env = env(broker);
            assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).as("topics come from the components, with their settings").isEqualTo("false");
            // The components create their topics with replication -1: the broker's default applies.
            assertTolerant(name, env, brokers, "KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_MIN_INSYNC_REPLICAS");
            // Streams exactly_once_v2 commits through the transaction log.
            assertTolerant(name, env, brokers, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR");
            assertTolerant(name, env, brokers, "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR");
            assertThat(Integer.parseInt(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"))).as(name).isBetween(2, brokers);
            assertThat(Integer.parseInt(env.get("KAFKA_NUM_PARTITIONS"))).as(name + ": as many partitions as Switchboard's own topics")
                    .isEqualTo(opsConfig.kafka().partitions());
        });
    }

    @Test
    void shareGroupsAreOnAndHoldAWorkersRecordForItsWholeCall() {
        // The image formats storage at the latest production metadata version; share groups need share.version >= 1.
        assertThat(Feature.SHARE_VERSION.defaultLevel(MetadataVersion.LATEST_PRODUCTION)).isGreaterThanOrEqualTo((short) 1);
        brokers().forEach((name, broker) -> assertThat(Long.parseLong(env(broker).get("KAFKA_GROUP_SHARE_MAX_RECORD_LOCK_DURATION_MS")))
                .as(name + ": the broker's ceiling on a record lock allows worker.recordLock")
                .isGreaterThanOrEqualTo(opsConfig.worker().recordLock().toMillis()));
    }

    @Test
    void theClusterRunsTheTransactionsVersionTheTestedBrokersAreFormattedWith() {
        Map<String, Object> features = service("kafka-features");
        assertThat(features.get("image")).isEqualTo(KAFKA_IMAGE + ":" + pom.get("kafka.version"));
        List<String> command = strings(features.get("command"));
        assertThat(command.get(0)).isEqualTo("/opt/kafka/bin/kafka-features.sh");
        assertThat(command.subList(1, command.size())).containsSubsequence("downgrade", "--feature",
                "transaction.version=" + EmbeddedKafkaBroker.TRANSACTION_VERSION);
        String bootstrap = command.get(command.indexOf("--bootstrap-server") + 1);
        assertThat(Arrays.asList(bootstrap.split(","))).containsExactlyElementsOf(Arrays.asList(opsConfig.kafka().bootstrapServers().split(",")));
        assertThat(strings(features.get("depends_on"))).containsExactlyInAnyOrderElementsOf(brokers().keySet());
        // Every component starts only once the level is set.
        services.forEach((name, service) -> {
            if (service.get("command") instanceof List<?> c && c.size() > 3 && c.subList(0, 3).equals(LAUNCH)) {
                assertThat(map(map(service.get("depends_on")).get("kafka-features")).get("condition")).as(name)
                        .isEqualTo("service_completed_successfully");
            }
        });
    }

    @Test
    void prometheusScrapesTheComponentsWhereTheyServeMetrics() throws IOException {
        Map<String, Object> prometheus = yaml(ROOT.resolve("ops/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) {
            for (Object staticConfig : (List<?>) map(job).getOrDefault("static_configs", List.of())) {
                targets.addAll(strings(map(staticConfig).get("targets")));
            }
            for (Object dns : (List<?>) map(job).getOrDefault("dns_sd_configs", List.of())) {
                strings(map(dns).get("names")).forEach(n -> targets.add(n + ":" + map(dns).get("port")));
            }
        }
        assertThat(targets).isNotEmpty().allSatisfy(target -> {
            assertThat(services).as(target).containsKey(target.split(":")[0]);
            assertThat(port(target)).as(target).isEqualTo(opsConfig.metrics().port());
        });
        assertThat(strings(service("prometheus").get("volumes"))).contains("./ops/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    private static void assertTolerant(String broker, Map<String, String> env, int brokers, String replicationKey, String minIsrKey) {
        int replication = Integer.parseInt(env.get(replicationKey));
        int minIsr = Integer.parseInt(env.get(minIsrKey));
        assertThat(replication).as(broker + " " + replicationKey).isBetween(2, brokers);
        assertThat(minIsr).as(broker + " " + minIsrKey + " leaves one replica to lose").isBetween(1, replication - 1);
    }

    /** The repository file behind a path in a service's container, when a volume mounts one there; the argument as given otherwise. */
    private static String onHost(Map<String, Object> service, String arg) {
        for (String volume : strings(service.getOrDefault("volumes", List.of()))) {
            String[] parts = volume.split(":");
            if (parts[0].startsWith("./") && (arg.equals(parts[1]) || arg.startsWith(parts[1] + "/"))) {
                return ROOT.resolve(parts[0] + arg.substring(parts[1].length())).normalize().toString();
            }
        }
        return arg;
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).as("docker-compose.yml services").containsKey(name);
        return services.get(name);
    }

    private static Map<String, Map<String, Object>> brokers() {
        Map<String, Map<String, Object>> brokers = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            // The one-shot kafka-features job runs the same image but is no broker.
            if (String.valueOf(service.get("image")).startsWith(KAFKA_IMAGE + ":") && env(service).containsKey("KAFKA_NODE_ID")) {
                brokers.put(name, service);
            }
        });
        return brokers;
    }

    /** host port to container port. */
    private static Map<Integer, Integer> publishedPorts(String service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (String mapping : strings(service(service).getOrDefault("ports", List.of()))) {
            String[] parts = mapping.split(":");
            ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
        }
        return ports;
    }

    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new HashMap<>();
        map(service.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /** The host:port of a named listener in a Kafka listener list ("INTERNAL://kafka-1:9092,..."). */
    private static String listener(String listeners, String name) {
        return Arrays.stream(listeners.split(",")).filter(l -> l.startsWith(name + "://")).findFirst()
                .map(l -> l.substring(name.length() + 3)).orElseThrow(() -> new AssertionError("no " + name + " listener in " + listeners));
    }

    private static int port(String hostAndPort) {
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }

    private static Map<String, String> pomProperties() throws Exception {
        Document parent = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        Map<String, String> properties = new HashMap<>();
        for (String name : List.of("kafka.version", "apicurio.version")) {
            properties.put(name, parent.getElementsByTagName(name).item(0).getTextContent().trim());
        }
        return properties;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
