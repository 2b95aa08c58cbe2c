package dev.switchboard.cost.answers;

import dev.switchboard.schemas.LlmResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Windows answers by when they were given ({@code completed_at}), falling back to the record timestamp, then to the
 * partition's stream time, rather than failing on a record without one.
 */
public final class CompletedAtExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof LlmResponse answer && answer.getCompletedAt() != null && answer.getCompletedAt().toEpochMilli() > 0) {
            return answer.getCompletedAt().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
