package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.RecordLimits;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class BoundedPayloadTest {
    @Test
    void shouldCutAnUnreadableRecordToAnExcerptAndKeepItsSize() {
        byte[] huge = new byte[900_000];
        DeadLetter letter = ShareConsumerLoop.unreadable(new ConsumerRecord<>("llm.route.sim-small.standard", 0, 7L, "acme", huge),
                new IllegalArgumentException("not Avro"), Instant.EPOCH);
        assertThat(letter.getPayload().remaining()).isEqualTo(RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES);
        assertThat(letter.getPayloadSize()).isEqualTo(900_000L);
        assertThat(letter.getPayloadNote()).startsWith("excerpt");
    }

    @Test
    void shouldKeepASmallRecordWhole() {
        DeadLetter letter = BoundedPayload.apply(DeadLetter.newBuilder(), new byte[] {1, 2, 3}).setReasonCode("x").setReason("x")
                .setComponent("worker").setSourceTopic("t").setSourcePartition(null).setSourceOffset(null).setRequestId(null).setTenant(null)
                .setOccurredAt(Instant.EPOCH).build();
        assertThat(letter.getPayload().remaining()).isEqualTo(3);
        assertThat(letter.getPayloadSize()).isEqualTo(3L);
        assertThat(letter.getPayloadNote()).isNull();
    }
}
