package dev.switchboard.launcher;

import dev.switchboard.kafka.cluster.ClusterLayout;
import dev.switchboard.kafka.cluster.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard cluster up|down|status}: a real multi-broker KRaft cluster, one JVM per broker, on this machine. */
@Command(name = "cluster", description = "A real KRaft cluster on 127.0.0.1, one JVM per broker: up, down, status.",
        subcommands = {ClusterCommands.Up.class, ClusterCommands.Down.class, ClusterCommands.Status.class})
final class ClusterCommands {
    static final String DEFAULT_DATA_DIR = ".switchboard/cluster";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @Command(name = "up", description = "Start the cluster (each node a combined broker and controller, every node a voter), "
            + "formatting new nodes with share groups on; return once every broker answers. Nodes already running are left alone.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--brokers", defaultValue = "3", description = "nodes, 1-" + ClusterLayout.MAX_BROKERS + " (default ${DEFAULT-VALUE})")
        int brokers;

        @Option(names = "--data-dir", defaultValue = DEFAULT_DATA_DIR, description = "where nodes keep their logs, properties and pids (default ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(names = "--base-port", defaultValue = "9092", description = "node i listens on base + 2(i-1), its controller on the next port (default ${DEFAULT-VALUE})")
        int basePort;

        @Override
        public Integer call() {
            if (Files.exists(dataDir.resolve(ClusterLayout.FILE))) {
                ClusterLayout recorded = ClusterLayout.load(dataDir);
                if (recorded.brokers() != brokers || recorded.basePort() != basePort) {
                    throw new IllegalArgumentException(dataDir + " holds a cluster of " + recorded.brokers() + " brokers from port "
                            + recorded.basePort() + "; start it with those, or give another --data-dir");
                }
            }
            ClusterLayout layout = new ClusterLayout(brokers, dataDir, basePort);
            LocalCluster cluster = LocalCluster.up(layout, START_TIMEOUT);
            cluster.status().forEach(System.out::println);
            System.out.println("topics get replication factor " + layout.replication().factor() + ", min.insync.replicas "
                    + layout.replication().minInsyncReplicas());
            System.out.println("run against it: switchboard up --bootstrap-servers " + cluster.bootstrapServers());
            System.out.println("stop it: switchboard cluster down --data-dir " + dataDir);
            return 0;
        }
    }

    @Command(name = "down", description = "Stop every node of the cluster (controlled shutdown, forced after 30 s); the data stays.")
    static final class Down implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = DEFAULT_DATA_DIR, description = "default ${DEFAULT-VALUE}")
        Path dataDir;

        @Override
        public Integer call() {
            LocalCluster.attach(dataDir).down();
            System.out.println("cluster in " + dataDir + " stopped");
            return 0;
        }
    }

    @Command(name = "status", description = "Each node's process and what the cluster answers.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = DEFAULT_DATA_DIR, description = "default ${DEFAULT-VALUE}")
        Path dataDir;

        @Override
        public Integer call() {
            LocalCluster.attach(dataDir).status().forEach(System.out::println);
            return 0;
        }
    }
}
