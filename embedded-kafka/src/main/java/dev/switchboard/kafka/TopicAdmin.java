package dev.switchboard.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small wrapper around {@link Admin} for topic bootstrap and share-group configuration. */
public final class TopicAdmin implements AutoCloseable {

    /**
     * Generous: components start together against a cluster whose brokers are themselves starting (switchboard chaos
     * starts five JVMs at once), and on a busy two-core machine one admin call took longer than 30 s.
     */
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration LEADER_WAIT = Duration.ofSeconds(120);

    private final Admin admin;

    private TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    public static TopicAdmin connect(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "switchboard-topic-admin");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(OPERATION_TIMEOUT.toMillis()));
        return new TopicAdmin(Admin.create(p));
    }

    /**
     * Creates the topics that do not exist yet, then waits until every partition of every requested topic has a
     * leader. Producing before that can lose records on Kafka 4.3 (KAFKA-15591). A topic without a replication
     * factor gets the cluster's {@link #replication()}.
     *
     * @throws IllegalStateException if creation fails or leaders are not elected within 30 s
     */
    public void ensureTopics(Collection<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Replication replication = topics.stream().anyMatch(t -> t.replicationFactor() <= 0) ? replication() : null;
        List<NewTopic> placed = topics.stream().map(t -> t.replicationFactor() <= 0 ? replication.applyTo(t) : t).toList();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(placed).values();
        for (Map.Entry<String, KafkaFuture<Void>> e : results.entrySet()) {
            try {
                e.getValue().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Creating topic '" + e.getKey() + "' failed: " + ex.getCause(), ex.getCause());
                }
            } catch (TimeoutException ex) {
                throw new IllegalStateException("Creating topic '" + e.getKey() + "' timed out after " + OPERATION_TIMEOUT, ex);
            } catch (InterruptedException ex) {
                throw interrupted(ex);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        topics.forEach(t -> names.add(t.name()));
        awaitLeaders(names);
    }

    /** How Switchboard topics are replicated on this cluster, from the number of brokers it has now. */
    public Replication replication() {
        try {
            return Replication.forBrokers(admin.describeCluster().nodes().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot count the cluster's brokers: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Counting the cluster's brokers timed out after " + OPERATION_TIMEOUT, e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private void awaitLeaders(Set<String> names) {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        String problem = "no metadata yet";
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS);
                List<String> leaderless = new ArrayList<>();
                for (String name : names) {
                    TopicDescription d = descriptions.get(name);
                    if (d == null || d.partitions().isEmpty()) {
                        leaderless.add(name + " (no partitions)");
                        continue;
                    }
                    for (TopicPartitionInfo partition : d.partitions()) {
                        if (partition.leader() == null || partition.leader().isEmpty() || partition.leader().id() < 0) {
                            leaderless.add(name + "-" + partition.partition());
                        }
                    }
                }
                if (leaderless.isEmpty()) {
                    return;
                }
                problem = "partitions without a leader: " + leaderless;
            } catch (ExecutionException e) {
                // UnknownTopicOrPartition right after creation is expected while metadata propagates.
                problem = String.valueOf(e.getCause());
            } catch (TimeoutException e) {
                problem = "describeTopics timed out";
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("Topics " + names + " not ready within " + LEADER_WAIT + ": " + problem);
            }
            try {
                Thread.sleep(100); // poll interval
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
    }

    /**
     * Sets dynamic group configs (e.g. {@code share.auto.offset.reset=earliest}) for a share group. Works before
     * the group exists; the config applies when members join.
     */
    public void setShareGroupConfig(String groupId, Map<String, String> configs) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, groupId);
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        try {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all()
                    .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Setting configs " + configs + " on group '" + groupId + "' failed: "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Setting configs on group '" + groupId + "' timed out", e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /** The underlying admin client, for anything not covered here. Owned by this TopicAdmin. */
    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }

    private static IllegalStateException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("Interrupted", e);
    }
}
