package dev.switchboard.kafka.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Single-node, in-process Kafka 4.3 broker running in KRaft combined mode (broker + controller in one node),
 * listening on 127.0.0.1. Transactions and share groups (KIP-932) are usable.
 *
 * <p>The data directory is formatted only on first use; restarting with the same directory keeps topics,
 * records and the cluster id (read back from {@code meta.properties}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /**
     * The transactions version every broker of this project is formatted with (v1: see the format step); the local
     * cluster and docker-compose.yml use it too.
     */
    public static final int TRANSACTION_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Attempts when ports were auto-picked: another process may grab a probed free port before the broker binds it. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String clusterId;
    private final int port;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean deleteDataDirOnClose,
                                String clusterId, int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.clusterId = clusterId;
        this.port = port;
        this.bootstrapServers = HOST + ":" + port;
    }

    /** Starts the broker and returns once it answers client (admin) requests. */
    public static EmbeddedKafkaBroker start(EmbeddedKafkaConfig config) {
        long startNanos = System.nanoTime();
        boolean tempDir = config.dataDir() == null;
        Path dir;
        try {
            dir = tempDir ? Files.createTempDirectory("embedded-kafka-") : Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data dir " + config.dataDir(), e);
        }
        try {
            RuntimeException last = null;
            int attempts = config.port() == 0 ? START_ATTEMPTS : 1;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                try {
                    EmbeddedKafkaBroker broker = startOnce(config, dir, tempDir);
                    LOG.info("Embedded Kafka started at {} (cluster {}, data {}) in {} ms", broker.bootstrapServers,
                            broker.clusterId, dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                    return broker;
                } catch (RuntimeException e) {
                    last = e;
                    LOG.warn("Embedded Kafka start attempt {}/{} failed: {}", attempt, attempts, e.toString());
                }
            }
            throw last;
        } catch (RuntimeException e) {
            if (tempDir) {
                deleteRecursively(dir);
            }
            throw e;
        }
    }

    private static EmbeddedKafkaBroker startOnce(EmbeddedKafkaConfig config, Path dir, boolean tempDir) {
        int port = config.port() == 0 ? freePort() : config.port();
        int controllerPort = freePort();
        while (controllerPort == port) {
            controllerPort = freePort();
        }
        Map<String, String> props = brokerProperties(dir, port, controllerPort, config.overrides());
        String clusterId = formatIfNeeded(dir, props);

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            server.startup();
            awaitReady(HOST + ":" + port);
            return new EmbeddedKafkaBroker(server, dir, tempDir, clusterId, port);
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw e;
        }
    }

    /** Single-node defaults; {@code overrides} are applied last so callers can change any of them. */
    private static Map<String, String> brokerProperties(Path dir, int port, int controllerPort,
                                                        Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>();
        // KRaft combined mode: this one node is both the only broker and the only controller (static quorum,
        // so a restart may use a different controller port; a dynamic quorum would persist the endpoint).
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toAbsolutePath().toString());

        // Internal topics default to RF 3 / min ISR 2, which a single node can never satisfy: group
        // coordination, transactions (and thus Streams exactly_once_v2) and share groups would hang.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.min.insync.replicas", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Internal topics default to 50 partitions each; creating and loading that many on first use of a
        // group, transaction or share group costs seconds on a small machine and buys nothing on one node.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");

        // No point waiting for more classic-group members to join on a dev/test broker.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // The log cleaner (needed for compacted internal topics) preallocates a 128 MiB heap dedupe buffer
        // by default; 16 MiB is ample here and keeps the broker's heap footprint small in shared JVMs.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // Fewer threads than the production defaults: one node, a handful of clients.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");

        p.putAll(overrides);
        return p;
    }

    /**
     * Formats {@code dir} with a fresh cluster id unless it already holds {@code meta.properties}; returns the
     * cluster id either way. Formatting pins {@code share.version=1} so KIP-932 share groups are enabled.
     */
    private static String formatIfNeeded(Path dir, Map<String, String> props) {
        Path meta = dir.resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties existing = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                existing.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + meta, e);
            }
            String id = existing.getProperty("cluster.id");
            if (id == null || id.isBlank()) {
                throw new IllegalStateException(meta + " has no cluster.id");
            }
            return id;
        }
        String clusterId = Uuid.randomUuid().toString();
        Path configFile = null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            configFile = Files.createTempFile("embedded-kafka-format-", ".properties");
            Properties p = new Properties();
            p.putAll(props);
            try (OutputStream os = Files.newOutputStream(configFile)) {
                p.store(os, "embedded-kafka format");
            }
            int rc;
            try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                rc = StorageTool.execute(new String[] {
                    "format", "--config", configFile.toString(), "--cluster-id", clusterId,
                    // share.version=1 turns on KIP-932 share groups (GA since 4.2). The latest production
                    // metadata version would default to it anyway; being explicit makes the format fail loudly
                    // if a future release ever changes that.
                    "--feature", "share.version=1",
                    // Transactions v2 (KIP-890) on 4.3.1 intermittently rejects a Streams producer's first append to a
                    // changelog partition with OutOfOrderSequenceException after CONCURRENT_TRANSACTIONS retries; Streams
                    // recovers, but the single-node broker uses v1 transactions, which exactly_once_v2 runs on unchanged.
                    "--feature", "transaction.version=" + TRANSACTION_VERSION
                }, ps);
            }
            if (rc != 0) {
                throw new IllegalStateException("Formatting " + dir + " failed (rc " + rc + "): "
                        + out.toString(StandardCharsets.UTF_8));
            }
            return clusterId;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot format Kafka storage in " + dir, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Formatting " + dir + " failed: " + e.getMessage()
                    + " " + out.toString(StandardCharsets.UTF_8), e);
        } finally {
            if (configFile != null) {
                try {
                    Files.deleteIfExists(configFile);
                } catch (IOException ignored) {
                    // temp file; best effort
                }
            }
        }
    }

    /** Polls describeCluster until the broker answers with itself as a live node. */
    private static void awaitReady(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka at " + bootstrap, e);
                } catch (Exception e) {
                    last = e;
                }
                try {
                    Thread.sleep(50); // poll interval, not synchronisation
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka at " + bootstrap, e);
                }
            }
        }
        throw new IllegalStateException("Embedded Kafka at " + bootstrap + " not ready within " + READY_TIMEOUT, last);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    /** {@code 127.0.0.1:<port>} for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int port() {
        return port;
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down, waits for it, and deletes the data dir if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownQuietly(server);
        if (deleteDataDirOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error shutting down embedded Kafka", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}", path, e);
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers + ", cluster " + clusterId + ", " + dataDir + "]";
    }
}
