package dev.switchboard.kafka.cluster;

import java.nio.file.Path;

/** One node of a local cluster: a combined broker and controller in its own JVM, with its own log directory. */
public record ClusterNode(int id, int port, int controllerPort, Path dir) {
    public Path logDir() {
        return dir.resolve("data");
    }

    public Path propertiesFile() {
        return dir.resolve("server.properties");
    }

    public Path pidFile() {
        return dir.resolve("pid");
    }

    public Path outputFile() {
        return dir.resolve("server.log");
    }

    public String bootstrapServer() {
        return ClusterLayout.HOST + ":" + port;
    }
}
