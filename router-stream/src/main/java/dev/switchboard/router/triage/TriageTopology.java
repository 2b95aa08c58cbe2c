package dev.switchboard.router.triage;

import dev.switchboard.router.RouterConfig;
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

/**
 * The only step every tier shares, and it holds no state: a flood of one tier costs the others a parse per record,
 * never a wait behind a store.
 *
 * <pre>
 * llm.requests ─► tier-triage ─┬► llm.requests.interactive
 *                              ├► llm.requests.standard     (and whatever cannot be read)
 *                              └► llm.requests.batch
 * </pre>
 */
public final class TriageTopology {
    public static final String REQUESTS_SOURCE = "requests-source";
    public static final String TRIAGE = "tier-triage";

    private TriageTopology() {
    }

    public static String laneSink(Tier tier) {
        return tier.name().toLowerCase(Locale.ROOT) + "-lane-sink";
    }

    public static Topology build(RouterConfig config, SwitchboardSerdes serdes) {
        Map<Tier, String> sinks = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            sinks.put(tier, laneSink(tier));
        }
        Topology topology = new Topology();
        topology.addSource(REQUESTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.REQUESTS)
                .addProcessor(TRIAGE, () -> new TierTriageProcessor(serdes.requests(), config, sinks), REQUESTS_SOURCE);
        sinks.forEach((tier, sink) -> topology.addSink(sink, Topics.requests(tier), new StringSerializer(), new ByteArraySerializer(), TRIAGE));
        return topology;
    }
}
