package dev.switchboard.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * How a Switchboard topic is replicated on a cluster of a given size: on up to three brokers, and with three copies
 * a write needs two in sync before it is acknowledged ({@code acks=all}), so one broker can die without losing an
 * acknowledged record or stopping writes.
 *
 * @param factor           replicas per partition: min(3, brokers)
 * @param minInsyncReplicas 2 when {@code factor} is 3 or more, else 1
 */
public record Replication(short factor, int minInsyncReplicas) {
    public static final int MAX_FACTOR = 3;
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    public Replication {
        if (factor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > factor) {
            throw new IllegalArgumentException("replication factor " + factor + " with min.insync.replicas " + minInsyncReplicas + " is not possible");
        }
    }

    public static Replication forBrokers(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster needs at least one broker, got " + brokers);
        }
        short factor = (short) Math.min(MAX_FACTOR, brokers);
        return new Replication(factor, factor >= MAX_FACTOR ? 2 : 1);
    }

    /** The topic with this factor and, unless it sets its own, this {@code min.insync.replicas}. */
    NewTopic applyTo(NewTopic topic) {
        Map<String, String> configs = new HashMap<>(topic.configs() == null ? Map.of() : topic.configs());
        configs.putIfAbsent(MIN_INSYNC_REPLICAS, String.valueOf(minInsyncReplicas));
        Optional<Integer> partitions = topic.numPartitions() > 0 ? Optional.of(topic.numPartitions()) : Optional.empty();
        return new NewTopic(topic.name(), partitions, Optional.of(factor)).configs(configs);
    }
}
