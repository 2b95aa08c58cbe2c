package dev.switchboard.worker;

import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The records one call outcome produces, keyed by tenant: usage events, then either the answer, its cache fill (and
 * a dead letter when every model failed) or the request on its next model's route topic.
 */
final class OutcomeRecords {
    private final Serializer<LlmResponse> responses;
    private final Serializer<UsageEvent> usage;
    private final Serializer<CacheFill> cacheFill;
    private final Serializer<DeadLetter> deadLetters;
    private final Serializer<RoutedRequest> routed;

    OutcomeRecords(SwitchboardSerdes serdes) {
        this.responses = serdes.responses();
        this.usage = serdes.usage();
        this.cacheFill = serdes.cacheFill();
        this.deadLetters = serdes.deadLetters();
        this.routed = serdes.routed();
    }

    List<ProducerRecord<String, byte[]>> of(CallOutcome outcome) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (UsageEvent event : outcome.usage()) {
            records.add(new ProducerRecord<>(Topics.USAGE, event.getTenant(), usage.serialize(Topics.USAGE, event)));
        }
        if (outcome.terminal()) {
            String tenant = outcome.response().getTenant();
            records.add(new ProducerRecord<>(outcome.replyTopic(), tenant, responses.serialize(outcome.replyTopic(), outcome.response())));
            records.add(new ProducerRecord<>(Topics.CACHE_FILL, tenant, cacheFill.serialize(Topics.CACHE_FILL, outcome.cacheFill())));
            if (outcome.deadLetter() != null) {
                records.add(deadLetter(tenant, outcome.deadLetter()));
            }
        } else {
            RoutedRequest next = outcome.fallback();
            String topic = Topics.route(next.getModel(), next.getTier());
            records.add(new ProducerRecord<>(topic, next.getRequest().getTenant(), routed.serialize(topic, next)));
        }
        return records;
    }

    ProducerRecord<String, byte[]> deadLetter(String key, DeadLetter letter) {
        return new ProducerRecord<>(Topics.DLQ, key, deadLetters.serialize(Topics.DLQ, letter));
    }
}
