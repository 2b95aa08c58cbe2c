package dev.switchboard.router;

import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Interactive work first on shared cores: while interactive requests keep arriving, the batch lane takes its requests
 * at a bounded pace ({@link BatchYield#pausePerRequest()} per request read, at most {@link BatchYield#maxPausePerPoll()}
 * per poll), so a batch flood does not take the CPU the interactive hop needs. Batch waits by this policy, never
 * forever: the pace still admits thousands of requests a minute, and it lifts once interactive traffic has been quiet
 * for {@link BatchYield#interactiveWindow()}. Routed batch work would only queue at the workers sooner otherwise.
 *
 * <p>Wired through the lanes' main consumers, not the topology: {@link InteractiveArrivals} notes each poll that
 * brought interactive requests, {@link BatchPacer} pauses the batch lane's poll. Both find this object under
 * {@value #CONFIG} in their config. It is one process's view: lanes in other processes pace by their own arrivals.
 */
public final class LanePriority {
    public static final String CONFIG = "switchboard.lane.priority";

    private final BatchYield yield;
    private final AtomicLong lastInteractiveNanos;

    public LanePriority(BatchYield yield) {
        this.yield = Objects.requireNonNull(yield, "yield");
        this.lastInteractiveNanos = new AtomicLong(System.nanoTime() - yield.interactiveWindow().toNanos() - 1);
    }

    void interactiveArrived() {
        lastInteractiveNanos.set(System.nanoTime());
    }

    /** How long the batch lane waits before taking {@code batchRequests} requests just read. */
    Duration pauseFor(int batchRequests) {
        if (batchRequests == 0 || System.nanoTime() - lastInteractiveNanos.get() > yield.interactiveWindow().toNanos()) {
            return Duration.ZERO;
        }
        Duration pause = yield.pausePerRequest().multipliedBy(batchRequests);
        return pause.compareTo(yield.maxPausePerPoll()) > 0 ? yield.maxPausePerPoll() : pause;
    }

    /**
     * @param interactiveWindow the batch lane paces itself while an interactive request arrived this recently
     * @param pausePerRequest   its pause per batch request read meanwhile (zero: never paced)
     * @param maxPausePerPoll   at most this per poll, far below the poll interval Streams allows
     */
    public record BatchYield(Duration interactiveWindow, Duration pausePerRequest, Duration maxPausePerPoll) {
        public static final BatchYield DEFAULT = new BatchYield(Duration.ofSeconds(1), Duration.ofMillis(2), Duration.ofMillis(200));

        public BatchYield {
            requireNonNegative(interactiveWindow, "interactiveWindow");
            requireNonNegative(pausePerRequest, "pausePerRequest");
            requireNonNegative(maxPausePerPoll, "maxPausePerPoll");
            if (maxPausePerPoll.compareTo(Duration.ofSeconds(5)) > 0) {
                throw new IllegalArgumentException("router batchYield.maxPausePerPoll must be at most 5 s, got " + maxPausePerPoll);
            }
        }

        private static void requireNonNegative(Duration value, String name) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("router batchYield." + name + " must be zero or positive, got " + value);
            }
        }
    }

    private static int count(ConsumerRecords<?, ?> records, String topic) {
        int count = 0;
        for (TopicPartition partition : records.partitions()) {
            if (partition.topic().equals(topic)) {
                count += records.records(partition).size();
            }
        }
        return count;
    }

    /** A lane's consumer interceptor that finds the shared {@link LanePriority} in its config and looks at each poll. */
    private abstract static class PollWatcher implements ConsumerInterceptor<byte[], byte[]> {
        protected LanePriority priority;

        @Override
        public void configure(Map<String, ?> configs) {
            Object shared = configs.get(CONFIG);
            if (!(shared instanceof LanePriority lanePriority)) {
                throw new IllegalStateException(CONFIG + " must hold the LanePriority the lanes share, got " + shared);
            }
            priority = lanePriority;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }

        @Override
        public void close() {
        }
    }

    /** On the interactive lane's main consumer: notes that interactive requests arrived. */
    public static final class InteractiveArrivals extends PollWatcher {
        @Override
        public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
            if (count(records, Topics.requests(Tier.INTERACTIVE)) > 0) {
                priority.interactiveArrived();
            }
            return records;
        }
    }

    /** On the batch lane's main consumer: paces the requests it hands to the lane while interactive work arrives. */
    public static final class BatchPacer extends PollWatcher {
        @Override
        public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
            Duration pause = priority.pauseFor(count(records, Topics.requests(Tier.BATCH)));
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis()); // pacing the batch lane by policy, not waiting for anything
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }
    }
}
