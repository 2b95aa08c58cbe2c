package dev.switchboard.worker;

import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.RoutedRequest;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share consumer and its thread. A polled batch is dispatched at once (its calls run concurrently), then each
 * record is acknowledged on this thread, as the consumer requires: ACCEPT once its output is committed, RELEASE
 * (deliver again) when writing failed, REJECT for a record that cannot be read (after its dead letter is written).
 *
 * <p>Exactly one answer per routed record, wherever the worker dies: output and its mark commit together
 * ({@link TransactionalWriter}), so a crash before the commit leaves nothing and the redelivery calls again; a record
 * delivered again is looked up first ({@link WrittenMarks}), so a crash after the commit, before the acknowledgement,
 * costs no second call and no second answer.
 */
final class ShareConsumerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ShareConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final KafkaShareConsumer<String, byte[]> consumer;
    private final Deserializer<RoutedRequest> reader;
    private final CallHandler handler;
    private final TransactionalWriter writer;
    private final WrittenMarks marks;
    private final CrashPoints crash;
    private final Duration worstCaseCall;
    private final Duration lockMargin;
    private final Clock clock;
    private volatile boolean running = true;

    ShareConsumerLoop(KafkaShareConsumer<String, byte[]> consumer, Deserializer<RoutedRequest> reader, CallHandler handler,
                      TransactionalWriter writer, WrittenMarks marks, CrashPoints crash, Duration worstCaseCall, Duration lockMargin, Clock clock) {
        this.consumer = consumer;
        this.reader = reader;
        this.handler = handler;
        this.writer = writer;
        this.marks = marks;
        this.crash = crash;
        this.worstCaseCall = worstCaseCall;
        this.lockMargin = lockMargin;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    process(records);
                    consumer.commitAsync();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
            marks.close();
            writer.close();
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void process(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        // The batch deadline is measured on the monotonic nanoTime, not the clock: it bounds a wait, it dates nothing.
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        List<CompletableFuture<AcknowledgeType>> acks = new ArrayList<>(records.count());
        List<AtomicBoolean> released = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            AtomicBoolean given = new AtomicBoolean();
            batch.add(record);
            released.add(given);
            acks.add(dispatch(record, given));
        }
        long deadline = System.nanoTime() + batchTimeout().toNanos();
        for (int i = 0; i < batch.size(); i++) {
            AcknowledgeType ack = await(acks.get(i), deadline);
            if (ack == AcknowledgeType.RELEASE) {
                // Before the broker can hand it to another worker: a call still running here must not write too.
                released.get(i).set(true);
            }
            consumer.acknowledge(batch.get(i), ack);
        }
    }

    /** @param released set once this worker gave the record back: its late outcome is dropped, not written */
    private CompletableFuture<AcknowledgeType> dispatch(ConsumerRecord<String, byte[]> record, AtomicBoolean released) throws InterruptedException {
        RoutedRequest routed;
        try {
            routed = reader.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return writer.deadLetter(record.key(), unreadable(record, e, clock.instant()))
                    .thenApply(done -> AcknowledgeType.REJECT)
                    .exceptionally(error -> AcknowledgeType.RELEASE);
        }
        if (record.deliveryCount().orElse((short) 1) > 1) {
            try {
                if (marks.written(routed, record.timestamp())) {
                    return CompletableFuture.completedFuture(AcknowledgeType.ACCEPT);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not look up whether {} was answered before; releasing it", routed.getRequest().getRequestId(), e);
                return CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
            }
        }
        crash.reached(CrashPoints.Point.BEFORE_CALL);
        return handler.handle(routed)
                .thenCompose(outcome -> {
                    crash.reached(CrashPoints.Point.AFTER_CALL);
                    if (released.get()) {
                        return CompletableFuture.failedFuture(new IllegalStateException("released before its call ended"));
                    }
                    return writer.write(outcome, routed);
                })
                .thenApply(done -> {
                    crash.reached(CrashPoints.Point.AFTER_WRITE);
                    return AcknowledgeType.ACCEPT;
                })
                .exceptionally(error -> {
                    LOG.warn("could not write the answer to {}; releasing it for redelivery", routed.getRequest().getRequestId(), error);
                    return AcknowledgeType.RELEASE;
                });
    }

    /**
     * How long the batch may take: until shortly before the broker's acquisition lock on its records expires (after
     * which it would hand them to another consumer anyway), or the worst case of a call when the lock is longer.
     */
    private Duration batchTimeout() {
        Duration lock = consumer.acquisitionLockTimeoutMs().map(Duration::ofMillis).orElse(worstCaseCall.plus(lockMargin));
        Duration beforeLock = lock.minus(lockMargin);
        return beforeLock.compareTo(worstCaseCall) < 0 ? beforeLock : worstCaseCall;
    }

    /** A call that outlives the batch timeout is released: its lock would expire and the broker redeliver it anyway. */
    private static AcknowledgeType await(CompletableFuture<AcknowledgeType> ack, long deadlineNanos) throws InterruptedException {
        try {
            return ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return AcknowledgeType.RELEASE;
        } catch (ExecutionException e) {
            return AcknowledgeType.RELEASE;
        }
    }

    static DeadLetter unreadable(ConsumerRecord<String, byte[]> record, RuntimeException e, Instant now) {
        return BoundedPayload.apply(DeadLetter.newBuilder(), record.value())
                .setReasonCode("unreadable_record")
                .setReason("route topic record cannot be read: " + e.getMessage())
                .setComponent("worker")
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setRequestId(null)
                .setTenant(record.key())
                .setOccurredAt(now)
                .build();
    }
}
