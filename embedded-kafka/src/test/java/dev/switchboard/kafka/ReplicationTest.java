package dev.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class ReplicationTest {
    @Test
    void shouldReplicateOnUpToThreeBrokersWithTwoInSyncFromThree() {
        assertThat(Replication.forBrokers(1)).isEqualTo(new Replication((short) 1, 1));
        assertThat(Replication.forBrokers(2)).isEqualTo(new Replication((short) 2, 1));
        assertThat(Replication.forBrokers(3)).isEqualTo(new Replication((short) 3, 2));
        assertThat(Replication.forBrokers(7)).isEqualTo(new Replication((short) 3, 2));
        assertThatThrownBy(() -> Replication.forBrokers(0)).hasMessageContaining("at least one broker");
    }

    @Test
    void shouldKeepATopicsOwnSettingsWhenPlacingIt() {
        NewTopic placed = Replication.forBrokers(3).applyTo(new NewTopic("llm.keys", Optional.of(1), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact")));

        assertThat(placed.replicationFactor()).isEqualTo((short) 3);
        assertThat(placed.numPartitions()).isEqualTo(1);
        assertThat(placed.configs()).containsEntry("cleanup.policy", "compact").containsEntry("min.insync.replicas", "2");
    }
}
