package dev.switchboard.launcher;

import dev.switchboard.launcher.config.SwitchboardConfig;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same pipeline contract against Apache Kafka in a container, where a Docker engine exists; skipped cleanly
 * where none does. The image matches the pinned client version; share groups are on by default from 4.2.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerPipelineTest extends PipelineContract {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1")
            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");

    @Override
    SwitchboardConfig config() {
        return fastDefaults().withBootstrapServers(KAFKA.getBootstrapServers());
    }
}
