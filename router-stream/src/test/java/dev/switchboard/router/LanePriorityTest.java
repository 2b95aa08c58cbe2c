package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class LanePriorityTest {
    private final LanePriority.BatchYield yield = new LanePriority.BatchYield(Duration.ofHours(1), Duration.ofMillis(2), Duration.ofMillis(200));

    @Test
    void shouldPaceBatchOnlyWhileInteractiveRequestsArrive() {
        LanePriority priority = new LanePriority(yield);
        assertThat(priority.pauseFor(100)).as("no interactive request yet").isZero();

        priority.interactiveArrived();

        assertThat(priority.pauseFor(10)).isEqualTo(Duration.ofMillis(20));
        assertThat(priority.pauseFor(0)).as("a poll without batch requests").isZero();
        assertThat(priority.pauseFor(5_000)).as("never more than the cap per poll").isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldNeverPaceWithoutAPauseAndRejectNegativeSettings() {
        LanePriority off = new LanePriority(new LanePriority.BatchYield(Duration.ofHours(1), Duration.ZERO, Duration.ofMillis(200)));
        off.interactiveArrived();
        assertThat(off.pauseFor(1_000)).isZero();

        assertThatThrownBy(() -> new LanePriority.BatchYield(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("interactiveWindow");
        assertThatThrownBy(() -> new LanePriority.BatchYield(Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofSeconds(6)))
                .hasMessageContaining("maxPausePerPoll");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldShareOnePriorityBetweenInterceptorsMadeAsTheConsumerMakesThem() throws ClassNotFoundException {
        LanePriority priority = new LanePriority(yield);
        Map<String, Object> config = Map.of(LanePriority.CONFIG, priority);
        ConsumerInterceptor<byte[], byte[]> arrivals = Utils.newInstance(LanePriority.InteractiveArrivals.class.getName(), ConsumerInterceptor.class);
        arrivals.configure(config);
        ConsumerInterceptor<byte[], byte[]> pacer = Utils.newInstance(LanePriority.BatchPacer.class.getName(), ConsumerInterceptor.class);
        pacer.configure(config);

        arrivals.onConsume(polled(Topics.requests(Tier.BATCH)));
        assertThat(priority.pauseFor(10)).as("a poll of another topic is not an interactive arrival").isZero();
        arrivals.onConsume(polled(Topics.requests(Tier.INTERACTIVE)));
        assertThat(priority.pauseFor(10)).as("the pacer's view, after the interactive lane's poll").isEqualTo(Duration.ofMillis(20));

        assertThatThrownBy(() -> pacer.configure(Map.of())).hasMessageContaining(LanePriority.CONFIG);
    }

    private static ConsumerRecords<byte[], byte[]> polled(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        return new ConsumerRecords<>(Map.of(partition, List.of(new ConsumerRecord<>(topic, 0, 0L, new byte[0], new byte[0]))));
    }
}
