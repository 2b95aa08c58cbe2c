package dev.switchboard.kafka.cluster;

import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A real KRaft cluster on 127.0.0.1, each node a separate JVM running Apache Kafka's own server
 * ({@code kafka.Kafka server.properties}) from this process's classpath. Every node is a combined broker and
 * controller and a voter of the quorum; storage is formatted once with share groups on and transactions v1, as the
 * embedded broker is. Each node's pid is written next to its data, so another process ({@code cluster down}) can
 * stop what {@code cluster up} started.
 */
public final class LocalCluster {
    private static final String NODE_HEAP = "-Xmx384m";
    /** Names the node a process runs, so a pid file is trusted only for the process it was written for. */
    private static final String NODE_MARK = "-Dswitchboard.cluster.node=";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterLayout layout;
    /** Processes launched by this instance; a fresh child may not show its own command line yet. */
    private final Map<Integer, Process> launched = new ConcurrentHashMap<>();

    private LocalCluster(ClusterLayout layout) {
        this.layout = layout;
    }

    /** Starts every node that is not running (formatting new ones) and waits until all of them serve clients. */
    public static LocalCluster up(ClusterLayout layout, Duration timeout) {
        LocalCluster cluster = new LocalCluster(layout);
        layout.save();
        String clusterId = cluster.existingClusterId().orElseGet(() -> Uuid.randomUuid().toString());
        for (ClusterNode node : layout.nodes()) {
            cluster.prepare(node, clusterId);
        }
        for (ClusterNode node : layout.nodes()) {
            if (cluster.running(node).isEmpty()) {
                cluster.launch(node);
            }
        }
        cluster.awaitBrokers(layout.brokers(), timeout);
        return cluster;
    }

    /** The cluster {@code up} started in {@code dataDir}. */
    public static LocalCluster attach(Path dataDir) {
        return new LocalCluster(ClusterLayout.load(dataDir));
    }

    public ClusterLayout layout() {
        return layout;
    }

    public String bootstrapServers() {
        return layout.bootstrapServers();
    }

    /** One line per node (running or not, its pid and address) and what the cluster reports of itself. */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        for (ClusterNode node : layout.nodes()) {
            lines.add("node " + node.id() + "  " + node.bootstrapServer() + "  "
                    + running(node).map(p -> "running, pid " + p.pid()).orElse("stopped") + "  " + node.dir());
        }
        try {
            Collection<Node> live = liveBrokers(Duration.ofSeconds(5));
            lines.add("brokers answering: " + live.size() + " of " + layout.brokers() + " "
                    + live.stream().map(Node::id).sorted().toList() + "; bootstrap " + bootstrapServers());
        } catch (IllegalStateException e) {
            lines.add("cluster not answering: " + e.getMessage());
        }
        return lines;
    }

    /** Stops every node (SIGTERM, a controlled shutdown), forcibly after 30 s; the data stays. */
    public void down() {
        List<ProcessHandle> stopping = new ArrayList<>();
        for (ClusterNode node : layout.nodes()) {
            running(node).ifPresent(process -> {
                process.destroy();
                stopping.add(process);
            });
        }
        for (ProcessHandle process : stopping) {
            awaitExit(process, STOP_TIMEOUT);
        }
        layout.nodes().forEach(node -> deleteQuietly(node.pidFile()));
    }

    /** Kills one node with SIGKILL, as a crash would, and waits until its process is gone. */
    public void kill(int nodeId) {
        ClusterNode node = node(nodeId);
        ProcessHandle process = running(node).orElseThrow(() -> new IllegalStateException("node " + nodeId + " is not running"));
        process.destroyForcibly();
        awaitExit(process, STOP_TIMEOUT);
    }

    /** Starts a stopped node again on its data and waits until it serves clients. */
    public void restart(int nodeId, Duration timeout) {
        ClusterNode node = node(nodeId);
        if (running(node).isEmpty()) {
            launch(node);
        }
        awaitBrokers(layout.brokers(), timeout);
    }

    private ClusterNode node(int nodeId) {
        return layout.nodes().stream().filter(n -> n.id() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in a cluster of " + layout.brokers()));
    }

    /**
     * The node's process: the one this instance launched, else the live process its pid file names if that was
     * started on this node's properties (a pid reused by another process is not).
     */
    Optional<ProcessHandle> running(ClusterNode node) {
        Process launched = this.launched.get(node.id());
        if (launched != null) {
            return launched.isAlive() ? Optional.of(launched.toHandle()) : Optional.empty();
        }
        if (!Files.exists(node.pidFile())) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(node.pidFile()).trim());
            String mark = NODE_MARK + node.propertiesFile();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(line -> line.contains(mark)).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<String> existingClusterId() {
        for (ClusterNode node : layout.nodes()) {
            Path meta = node.logDir().resolve("meta.properties");
            if (Files.exists(meta)) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(meta)) {
                    p.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + meta, e);
                }
                return Optional.ofNullable(p.getProperty("cluster.id"));
            }
        }
        return Optional.empty();
    }

    /** Writes the node's properties and formats its storage unless it already is. */
    private void prepare(ClusterNode node, String clusterId) {
        Map<String, String> settings = NodeProperties.of(layout, node);
        Properties p = new Properties();
        p.putAll(settings);
        try {
            Files.createDirectories(node.logDir());
            try (OutputStream out = Files.newOutputStream(node.propertiesFile())) {
                p.store(out, "switchboard cluster node " + node.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + node.propertiesFile(), e);
        }
        if (Files.exists(node.logDir().resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--config", node.propertiesFile().toString(), "--cluster-id", clusterId,
                "--feature", "share.version=1",
                // As the embedded broker: transactions v2 on 4.3.1 intermittently rejected a Streams producer's first
                // append; exactly_once_v2 runs unchanged on v1.
                "--feature", "transaction.version=" + EmbeddedKafkaBroker.TRANSACTION_VERSION}, ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting node " + node.id() + " failed (rc " + rc + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void launch(ClusterNode node) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The node's mark comes first: the JDK reads at most 4 KB of another process's command line, and the
        // classpath is longer. C1 only: a local node starts with far less CPU, and needs no peak throughput.
        List<String> command = List.of(java, NODE_MARK + node.propertiesFile(), NODE_HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", node.propertiesFile().toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.outputFile().toFile())).start();
            launched.put(node.id(), process);
            Files.writeString(node.pidFile(), String.valueOf(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + node.id(), e);
        }
    }

    private void awaitBrokers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem = "no answer yet";
        while (System.nanoTime() < deadline) {
            for (ClusterNode node : layout.nodes()) {
                if (running(node).isEmpty()) {
                    throw new IllegalStateException("node " + node.id() + " exited; see " + node.outputFile() + ":\n" + tail(node.outputFile()));
                }
            }
            try {
                Collection<Node> live = liveBrokers(Duration.ofSeconds(5));
                if (live.size() >= count) {
                    return;
                }
                problem = live.size() + " of " + count + " brokers answering";
            } catch (IllegalStateException e) {
                problem = e.getMessage();
            }
            pause();
        }
        throw new IllegalStateException("cluster at " + bootstrapServers() + " not ready within " + timeout + ": " + problem);
    }

    private Collection<Node> liveBrokers(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        try (Admin admin = Admin.create(p)) {
            return admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getCause() == null ? e.toString() : e.getCause().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for pid " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pid " + process.pid(), e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - 20), lines.size()).stream().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200); // poll interval while the nodes start, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale pid file is harmless: running() checks the process it names
        }
    }
}
