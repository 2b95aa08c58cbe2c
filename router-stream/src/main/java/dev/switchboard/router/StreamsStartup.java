package dev.switchboard.router;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/** Waits for a started Kafka Streams instance to reach RUNNING, failing clearly if it errors or takes too long. */
final class StreamsStartup {
    private StreamsStartup() {
    }

    static void awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Kafka Streams stopped during startup: " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + timeout + ": " + streams.state());
            }
            pause();
        }
    }

    /** Polls rather than taking the state listener slot, which callers may want for themselves. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka Streams", e);
        }
    }
}
