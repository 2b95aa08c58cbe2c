package dev.switchboard.cost;

import dev.switchboard.schemas.UsageEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Windows usage by when the provider call happened ({@code occurred_at}), not when it reached Kafka, so a
 * worker that publishes late still bills the right minute. Falls back to the record timestamp, then to the
 * partition's stream time, rather than failing on a record without one.
 */
final class OccurredAtExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof UsageEvent usage && usage.getOccurredAt() != null) {
            return usage.getOccurredAt().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
