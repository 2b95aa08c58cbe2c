package dev.switchboard.router.triage;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.Reply;
import dev.switchboard.router.ReplySerializer;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.intake.RequestIntakeProcessor;
import dev.switchboard.router.intake.RequestValidator;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * The only step every tier shares, and it holds no state: a flood of one tier costs the others a parse per record,
 * never a wait behind a store.
 *
 * <pre>
 * llm.requests ─► tier-triage ─┬► llm.requests.interactive
 *                              ├► llm.requests.standard     (and whatever cannot be read)
 *                              ├► llm.requests.batch
 *                              └► oversized-refusal ─► llm.responses (REJECTED request_too_large), llm.dlq (bounded excerpt)
 * </pre>
 */
public final class TriageTopology {
    public static final String REQUESTS_SOURCE = "requests-source";
    public static final String TRIAGE = "tier-triage";
    public static final String OVERSIZED = "oversized-refusal";
    public static final String REFUSALS_SINK = "oversized-replies-sink";
    public static final String DLQ_SINK = "oversized-dlq-sink";

    private TriageTopology() {
    }

    public static String laneSink(Tier tier) {
        return tier.name().toLowerCase(Locale.ROOT) + "-lane-sink";
    }

    public static Topology build(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes) {
        Map<Tier, String> sinks = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            sinks.put(tier, laneSink(tier));
        }
        TopicNameExtractor<String, Reply> replyTopic = (key, reply, context) -> reply.topic();
        Topology topology = new Topology();
        topology.addSource(REQUESTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.REQUESTS)
                .addProcessor(TRIAGE, () -> new TierTriageProcessor(new TierReader(serdes.registry()), config, sinks, OVERSIZED), REQUESTS_SOURCE)
                // The lanes' own intake refuses a record too large to pass on, so the refusal and its bounded dead letter
                // are the same as in a lane. It sees only such records, which it always refuses: it never admits or re-keys.
                .addProcessor(OVERSIZED, () -> new RequestIntakeProcessor(serdes.requests(), new RequestValidator(config, catalog),
                        REFUSALS_SINK, REFUSALS_SINK, DLQ_SINK, REFUSALS_SINK), TRIAGE)
                .addSink(REFUSALS_SINK, replyTopic, new StringSerializer(), new ReplySerializer(serdes.responses()), OVERSIZED)
                .addSink(DLQ_SINK, Topics.DLQ, new StringSerializer(), serdes.deadLetters(), OVERSIZED);
        sinks.forEach((tier, sink) -> topology.addSink(sink, Topics.requests(tier), new StringSerializer(), new ByteArraySerializer(), TRIAGE));
        return topology;
    }
}
