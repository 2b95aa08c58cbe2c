package dev.switchboard.router.ledger;

import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The budget ledger: one per tenant, in the task that owns the tenant's partition, lending budgets, rate-limit permits
 * and session tokens to the router's lanes.
 *
 * <pre>
 * llm.budget-leases ─► budget-ledger ─► llm.budget-grants     (asks answered with grants or denials; returns booked)
 * llm.spend ─────────► budget-spend                            (the cost aggregator's count of each budget period)
 *                       stores: budget-ledger (budgets, session caps), rate-ledger (rate limits)
 * </pre>
 *
 * Both inputs are keyed by tenant and co-partitioned with the request topics, so a grant comes back on the partition
 * of the lane task that asked.
 */
public final class LedgerTopology {
    public static final String LEASES_SOURCE = "budget-leases-source";
    public static final String LEDGER = "budget-ledger";
    public static final String SPEND_SOURCE = "spend-source";
    public static final String SPEND = "budget-spend";
    public static final String GRANTS_SINK = "budget-grants-sink";
    /** Longer than any answer takes (the batch tier's 24 h window included): a period's entry is kept this long after it ends. */
    public static final Duration PERIOD_GRACE = Duration.ofHours(26);

    private LedgerTopology() {
    }

    public static Topology build(SwitchboardSerdes serdes) {
        Topology topology = new Topology();
        topology.addSource(LEASES_SOURCE, new StringDeserializer(), LeaseCodecs.MESSAGES.deserializer(), Topics.BUDGET_LEASES)
                .addProcessor(LEDGER, () -> new LedgerProcessor(PERIOD_GRACE), LEASES_SOURCE)
                .addSource(SPEND_SOURCE, new StringDeserializer(), serdes.spend(), Topics.SPEND)
                .addProcessor(SPEND, SpendFeedProcessor::new, SPEND_SOURCE)
                .addSink(GRANTS_SINK, Topics.BUDGET_GRANTS, new StringSerializer(), LeaseCodecs.GRANTS.serializer(), LEDGER)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TenantLedger.STORE), Serdes.String(), LedgerEntry.SERDE),
                        LEDGER, SPEND)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TenantLedger.RATES_STORE), Serdes.String(), RateEntry.SERDE),
                        LEDGER, SPEND);
        return topology;
    }
}
