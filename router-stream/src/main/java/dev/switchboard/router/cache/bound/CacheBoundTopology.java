package dev.switchboard.router.cache.bound;

import dev.switchboard.router.governance.ConfigRecordProcessor;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.router.governance.GovernanceListener;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The semantic cache's error bound: one controller per tenant, one owner for all of the tenant's lanes. Lanes are
 * separate Streams applications, and a cut is a function of every candidate the tenant had, so the lanes report
 * candidates and compared answers to one topic keyed by tenant and this application alone keeps the controller and
 * publishes the cut; every lane reads the same published cut (a cut per lane would follow only its own traffic).
 *
 * <pre>
 * llm.cache-verdicts ─► cache-bound ─► llm.cache-bounds   (compacted: cut, verifications, false hits per tenant)
 *                        store: cache-bound-controllers
 * llm.policies ─► global store governance-policies           (each tenant's target and verification fraction)
 * </pre>
 */
public final class CacheBoundTopology {
    public static final String VERDICTS_SOURCE = "cache-verdicts-source";
    public static final String CONTROLLER = "cache-bound";
    public static final String BOUNDS_SINK = "cache-bounds-sink";
    public static final String POLICIES_SOURCE = "policies-source";

    private CacheBoundTopology() {
    }

    public static Topology build(SwitchboardSerdes serdes, ScoreScale scale, CacheBoundListener listener) {
        Topology topology = new Topology();
        topology.addSource(VERDICTS_SOURCE, new StringDeserializer(), Verdict.SERDE.deserializer(), Topics.CACHE_VERDICTS)
                .addProcessor(CONTROLLER, () -> new CacheBoundProcessor(scale, listener), VERDICTS_SOURCE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CacheBoundProcessor.STORE), Serdes.String(), Serdes.ByteArray()),
                        CONTROLLER)
                .addSink(BOUNDS_SINK, Topics.CACHE_BOUNDS, new StringSerializer(), serdes.avro(CacheBoundState.class).serializer(), CONTROLLER);
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Governance.POLICIES_STORE), Serdes.String(), serdes.policies())
                        .withLoggingDisabled(), POLICIES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.POLICIES, Governance.POLICIES_STORE,
                () -> new ConfigRecordProcessor<>(Governance.POLICIES_STORE, serdes.policies().deserializer(), GovernanceListener.NONE));
        return topology;
    }
}
