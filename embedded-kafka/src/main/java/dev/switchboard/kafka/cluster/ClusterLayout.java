package dev.switchboard.kafka.cluster;

import dev.switchboard.kafka.Replication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where a local cluster lives: its size, its data directory and its ports. Node {@code i} (from 1) listens for
 * clients on {@code basePort + 2(i-1)} and for its controller quorum on the port after, all on 127.0.0.1. Written to
 * {@value #FILE} in the data directory, so {@code status} and {@code down} find the cluster {@code up} started.
 */
public record ClusterLayout(int brokers, Path dataDir, int basePort) {
    public static final String FILE = "cluster.properties";
    public static final String HOST = "127.0.0.1";
    public static final int MAX_BROKERS = 9;

    public ClusterLayout {
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("brokers must be between 1 and " + MAX_BROKERS + ", got " + brokers);
        }
        if (basePort < 1024 || basePort + 2 * brokers > 65535) {
            throw new IllegalArgumentException("base port " + basePort + " leaves no room for " + brokers + " brokers' ports (1024-65535)");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public List<ClusterNode> nodes() {
        List<ClusterNode> nodes = new ArrayList<>();
        for (int id = 1; id <= brokers; id++) {
            nodes.add(new ClusterNode(id, basePort + 2 * (id - 1), basePort + 2 * (id - 1) + 1, dataDir.resolve("node-" + id)));
        }
        return nodes;
    }

    public String bootstrapServers() {
        return nodes().stream().map(n -> HOST + ":" + n.port()).collect(Collectors.joining(","));
    }

    /** Static quorum: every node is a voter, so a majority of them must be up. */
    String quorumVoters() {
        return nodes().stream().map(n -> n.id() + "@" + HOST + ":" + n.controllerPort()).collect(Collectors.joining(","));
    }

    public Replication replication() {
        return Replication.forBrokers(brokers);
    }

    void save() {
        Properties p = new Properties();
        p.setProperty("brokers", String.valueOf(brokers));
        p.setProperty("base.port", String.valueOf(basePort));
        p.setProperty("bootstrap.servers", bootstrapServers());
        try {
            Files.createDirectories(dataDir);
            try (OutputStream out = Files.newOutputStream(dataDir.resolve(FILE))) {
                p.store(out, "switchboard cluster");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
        }
    }

    /** The layout {@code up} recorded in {@code dataDir}. */
    public static ClusterLayout load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no cluster in " + dataDir.toAbsolutePath() + " (" + FILE + " is missing); start one with: cluster up");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new ClusterLayout(Integer.parseInt(p.getProperty("brokers")), dataDir, Integer.parseInt(p.getProperty("base.port")));
    }

    /** A run of 2 * brokers ports on 127.0.0.1 free right now (the nodes bind them a moment later). */
    public static int freeBasePort(int brokers) {
        try {
            for (int attempt = 0; attempt < 50; attempt++) {
                int base;
                try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
                    base = probe.getLocalPort();
                }
                if (base + 2 * brokers < 65535 && allFree(base, 2 * brokers)) {
                    return base;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe ports on " + HOST, e);
        }
        throw new IllegalStateException("no run of " + 2 * brokers + " free ports");
    }

    private static boolean allFree(int base, int count) throws IOException {
        for (int port = base; port < base + count; port++) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName(HOST))) {
                s.setReuseAddress(true);
            } catch (java.net.BindException e) {
                return false;
            }
        }
        return true;
    }
}
