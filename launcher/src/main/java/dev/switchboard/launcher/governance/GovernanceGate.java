package dev.switchboard.launcher.governance;

import dev.switchboard.router.governance.GovernanceListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when a published governance change is live in this process's router: it hears the offsets the router's
 * global stores applied and wakes whoever waits for a publish's offsets.
 */
public final class GovernanceGate implements GovernanceListener {
    private final Map<TopicPartition, Long> applied = new HashMap<>();
    private GovernancePublisher.Published lastPublished;

    /** A publish made by this process (the file watcher's), for {@link #awaitPublishedAfter}. */
    public synchronized void published(GovernancePublisher.Published published) {
        lastPublished = published;
        notifyAll();
    }

    /** Waits for a publish newer than {@code version}, e.g. the watcher's after the file was edited. */
    public synchronized GovernancePublisher.Published awaitPublishedAfter(long version, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lastPublished == null || lastPublished.version() <= version) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no governance published after version " + version + " within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return lastPublished;
    }

    @Override
    public synchronized void applied(String topic, int partition, long offset) {
        applied.merge(new TopicPartition(topic, partition), offset, Math::max);
        notifyAll();
    }

    public synchronized void await(GovernancePublisher.Published published, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!live(published)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("governance version " + published.version() + " not applied by the router within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private boolean live(GovernancePublisher.Published published) {
        return published.lastOffsets().entrySet().stream().allMatch(e -> applied.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }
}
