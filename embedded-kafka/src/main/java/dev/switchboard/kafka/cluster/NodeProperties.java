package dev.switchboard.kafka.cluster;

import dev.switchboard.kafka.Replication;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code server.properties} of one node: KRaft combined mode, share groups, internal topics replicated like Switchboard's. */
final class NodeProperties {
    /** A worker holds a share-group record for its whole call, retries included: longer than the broker's 60 s ceiling. */
    static final String MAX_RECORD_LOCK_MS = String.valueOf(10 * 60 * 1000);

    private NodeProperties() {
    }

    static Map<String, String> of(ClusterLayout layout, ClusterNode node) {
        Replication replication = layout.replication();
        String factor = String.valueOf(replication.factor());
        String minIsr = String.valueOf(replication.minInsyncReplicas());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.id()));
        p.put("controller.quorum.voters", layout.quorumVoters());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listeners", "PLAINTEXT://" + node.bootstrapServer() + ",CONTROLLER://" + ClusterLayout.HOST + ":" + node.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://" + node.bootstrapServer());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", node.logDir().toString());
        // Internal topics (offsets, transactions, share-group state) and every topic created without a factor, Streams'
        // changelogs included, are replicated like Switchboard's own topics.
        p.put("default.replication.factor", factor);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", factor);
        p.put("offsets.topic.min.insync.replicas", minIsr);
        p.put("transaction.state.log.replication.factor", factor);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", factor);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        // 50 partitions per internal topic cost seconds to create and load on a small machine and buy nothing here.
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.num.partitions", "3");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.share.max.record.lock.duration.ms", MAX_RECORD_LOCK_MS);
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        return p;
    }
}
