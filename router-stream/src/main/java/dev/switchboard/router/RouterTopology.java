package dev.switchboard.router;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.cache.CacheFillProcessor;
import dev.switchboard.router.cache.CacheGenerations;
import dev.switchboard.router.cache.CacheInvalidationProcessor;
import dev.switchboard.router.cache.CachedAnswer;
import dev.switchboard.router.cache.Coalescer;
import dev.switchboard.router.cache.InFlight;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.embeddings.Embedder;
import java.util.Optional;
import dev.switchboard.router.cache.CacheLookupProcessor;
import dev.switchboard.router.dedup.DedupEntry;
import dev.switchboard.router.dedup.DedupProcessor;
import dev.switchboard.router.intake.RequestIntakeProcessor;
import dev.switchboard.router.intake.RequestValidator;
import dev.switchboard.router.route.RoutingProcessor;
import dev.switchboard.router.route.ComplexityScorer;
import dev.switchboard.router.budget.BudgetProcessor;
import dev.switchboard.router.budget.BudgetSettlementProcessor;
import dev.switchboard.router.budget.Lease;
import dev.switchboard.router.budget.LeaseBook;
import dev.switchboard.router.budget.LeaseGrantProcessor;
import dev.switchboard.router.budget.ParkedRequests;
import dev.switchboard.router.budget.Reservation;
import dev.switchboard.router.budget.WorstCaseCost;
import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.router.governance.AdmissionProcessor;
import dev.switchboard.router.governance.ConfigRecordProcessor;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.router.governance.KeyCheck;
import dev.switchboard.router.governance.KeyScopes;
import dev.switchboard.router.governance.RateLimits;
import dev.switchboard.router.governance.RateWindow;
import dev.switchboard.router.governance.SessionTokens;
import java.time.Duration;
import dev.switchboard.router.route.RoutingDecider;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * One lane of the router, top to bottom: the same topology runs once per tier, as its own Kafka Streams application
 * with its own threads and state, behind the stateless triage ({@code TriageTopology}). Every record of a tenant
 * lands in one task of the lane, which owns the tenant's dedup entries, cache and leases, so no decision needs a lock
 * or a remote lookup; budgets are lent to the lane by the tenant's one ledger ({@code LedgerTopology}).
 *
 * <pre>
 * llm.requests.&lt;lane&gt; ─► request-intake ─► request-admission ─► request-dedup ─► cache-lookup ─► route ─► budget-reserve ─► llm.route.&lt;model&gt;.&lt;tier&gt;
 *                  │  │  └► llm.requests.&lt;lane&gt; (re-keyed)         │            │                    │ ├► llm.budget-leases (asks for lease)
 *                  │  └► llm.dlq            │                   │            │                    │ └► llm.cache-fill (refusal as terminal answer)
 *                  └──────────────► replies ◄──────────────────┴────────────┴────────────────────┘   (REJECTED, EXPIRED, repeats, cache hits)
 * llm.budget-grants ─► budget-grants ─► llm.route.&lt;model&gt;.&lt;tier&gt; / replies / llm.budget-leases   (this lane's grants replay parked requests)
 * llm.cache-control ─► cache-invalidation                  (a namespace forgets its cached answers)
 * llm.cache-fill ─┬► cache-fill ─► replies                 (every lane's answers fill every lane's cache; repeats and waiters answered)
 *                 │             └──► route                   (identical requests whose leader failed go on their own)
 *                 └► budget-settle                           (the answer's real cost replaces its reservation in the lease)
 * llm.keys, llm.policies ─► global stores governance-keys, governance-policies (live config, on every instance)
 * </pre>
 *
 * Admission (key, token caps, rate limits) comes before dedup so a refused request is neither remembered nor able
 * to read the cache; budgets are held after routing because the worst case depends on the model. Cache hits and
 * replays cost nothing and are never held against a budget.
 */
public final class RouterTopology {
    public static final String REQUESTS_SOURCE = "requests-source";
    public static final String CACHE_FILL_SOURCE = "cache-fill-source";
    public static final String INTAKE = "request-intake";
    public static final String DEDUP = "request-dedup";
    public static final String CACHE_LOOKUP = "cache-lookup";
    public static final String ROUTE = "route";
    public static final String CACHE_FILL = "cache-fill";
    public static final String REPLIES_SINK = "replies-sink";
    public static final String ROUTES_SINK = "routes-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String REKEY_SINK = "requests-rekey-sink";
    public static final String USAGE_SINK = "cache-usage-sink";
    public static final String CACHE_CONTROL_SOURCE = "cache-control-source";
    public static final String CACHE_INVALIDATION = "cache-invalidation";
    public static final String ADMISSION = "request-admission";
    public static final String BUDGET = "budget-reserve";
    public static final String BUDGET_SETTLE = "budget-settle";
    public static final String GRANTS_SOURCE = "budget-grants-source";
    public static final String BUDGET_GRANTS = "budget-grants";
    public static final String LEASES_SINK = "budget-leases-sink";
    public static final String TERMINAL_SINK = "budget-refusals-sink";
    public static final String KEYS_SOURCE = "keys-source";
    public static final String POLICIES_SOURCE = "policies-source";
    /** Longer than any answer takes (the batch tier's 24 h window included): a reservation older than this is released. */
    public static final Duration RESERVATION_TIMEOUT = Duration.ofHours(26);

    private RouterTopology() {
    }

    /** The standard lane without listeners or a complexity scorer. */
    public static Topology build(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder) {
        return build(config, catalog, serdes, embedder, Optional.empty(), RouterListeners.NONE, Tier.STANDARD);
    }

    /** The lane's name in lease messages, and the suffix of its application id. */
    public static String laneName(Tier lane) {
        return lane.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param embedder the sentence embedder for the semantic cache; without one only exact hits are served
     * @param scorer   the learned complexity router for tenants whose strategy is {@code complexity}
     * @param listeners hear every routing decision and refusal (metrics) and every config record applied
     */
    public static Topology build(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder,
                                 Optional<ComplexityScorer> scorer, RouterListeners listeners, Tier lane) {
        String laneName = laneName(lane);
        String requestsTopic = Topics.requests(lane);
        RoutingDecider decider = new RoutingDecider(config, catalog, scorer);
        RequestValidator validator = new RequestValidator(config, catalog);
        KeyCheck keyCheck = new KeyCheck(config);
        WorstCaseCost worstCase = new WorstCaseCost(catalog);
        TopicNameExtractor<String, Reply> replyTopic = (key, reply, context) -> reply.topic();
        TopicNameExtractor<String, RoutedRequest> routeTopic = (key, routed, context) -> Topics.route(routed.getModel(), routed.getTier());

        Topology topology = new Topology();
        topology.addSource(REQUESTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), requestsTopic)
                .addProcessor(INTAKE, () -> new RequestIntakeProcessor(serdes.requests(), validator, ADMISSION, REPLIES_SINK, DLQ_SINK, REKEY_SINK), REQUESTS_SOURCE)
                .addProcessor(ADMISSION, () -> new AdmissionProcessor(keyCheck, listeners.admission(), DEDUP, REPLIES_SINK), INTAKE)
                .addProcessor(DEDUP, () -> new DedupProcessor(config.dedupWindow(), CACHE_LOOKUP, REPLIES_SINK), ADMISSION)
                .addProcessor(CACHE_LOOKUP, () -> new CacheLookupProcessor(config.dedupWindow(), config.coalesceTimeout(), config::policyOf, embedder,
                        ROUTE, REPLIES_SINK, USAGE_SINK), DEDUP)
                .addSource(CACHE_FILL_SOURCE, new StringDeserializer(), serdes.cacheFill(), Topics.CACHE_FILL)
                .addProcessor(CACHE_FILL, () -> new CacheFillProcessor(config.dedupWindow(), config.coalesceTimeout(), config::policyOf,
                        ROUTE, REPLIES_SINK, USAGE_SINK), CACHE_FILL_SOURCE)
                .addSource(CACHE_CONTROL_SOURCE, new StringDeserializer(), serdes.cacheInvalidations(), Topics.CACHE_CONTROL)
                .addProcessor(CACHE_INVALIDATION, CacheInvalidationProcessor::new, CACHE_CONTROL_SOURCE)
                .addProcessor(ROUTE, () -> new RoutingProcessor(decider, config::policyOf, listeners.route()), CACHE_LOOKUP, CACHE_FILL)
                .addProcessor(BUDGET, () -> new BudgetProcessor(laneName, config, worstCase, RESERVATION_TIMEOUT, listeners.admission(),
                        ROUTES_SINK, REPLIES_SINK, LEASES_SINK, TERMINAL_SINK), ROUTE)
                .addSource(GRANTS_SOURCE, new StringDeserializer(), LeaseCodecs.GRANTS.deserializer(), Topics.BUDGET_GRANTS)
                .addProcessor(BUDGET_GRANTS, () -> new LeaseGrantProcessor(laneName, config, worstCase, listeners.admission(),
                        ROUTES_SINK, REPLIES_SINK, LEASES_SINK, TERMINAL_SINK), GRANTS_SOURCE)
                .addProcessor(BUDGET_SETTLE, BudgetSettlementProcessor::new, CACHE_FILL_SOURCE)
                .addSink(ROUTES_SINK, routeTopic, new StringSerializer(), serdes.routed(), BUDGET, BUDGET_GRANTS)
                .addSink(TERMINAL_SINK, Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill(), BUDGET, BUDGET_GRANTS)
                .addSink(LEASES_SINK, Topics.BUDGET_LEASES, new StringSerializer(), LeaseCodecs.MESSAGES.serializer(), BUDGET, BUDGET_GRANTS)
                .addSink(REPLIES_SINK, replyTopic, new StringSerializer(), new ReplySerializer(serdes.responses()), INTAKE, ADMISSION, DEDUP, CACHE_LOOKUP, CACHE_FILL,
                        BUDGET, BUDGET_GRANTS)
                .addSink(DLQ_SINK, Topics.DLQ, new StringSerializer(), serdes.deadLetters(), INTAKE)
                .addSink(USAGE_SINK, Topics.USAGE, new StringSerializer(), serdes.usage(), CACHE_LOOKUP, CACHE_FILL)
                .addSink(REKEY_SINK, requestsTopic, new StringSerializer(), new ByteArraySerializer(), INTAKE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DedupProcessor.STORE), Serdes.String(), DedupEntry.SERDE),
                        DEDUP, CACHE_LOOKUP, CACHE_FILL)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CacheLookupProcessor.STORE), Serdes.String(), CachedAnswer.SERDE),
                        CACHE_LOOKUP, CACHE_FILL)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Coalescer.STORE), Serdes.String(), InFlight.SERDE),
                        CACHE_LOOKUP, CACHE_FILL)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SemanticIndex.BUCKETS_STORE), Serdes.Bytes(), Serdes.ByteArray()),
                        CACHE_LOOKUP, CACHE_FILL)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SemanticIndex.ENTRIES_STORE), Serdes.String(), Serdes.ByteArray()),
                        CACHE_LOOKUP, CACHE_FILL)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CacheGenerations.STORE), Serdes.String(), Serdes.Long()),
                        CACHE_LOOKUP, CACHE_INVALIDATION)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RateLimits.STORE), Serdes.String(), RateWindow.SERDE), ADMISSION)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SessionTokens.STORE), Serdes.String(), SessionTokens.SERDE), ADMISSION)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KeyScopes.STORE), Serdes.String(), Serdes.String()), ADMISSION, ROUTE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LeaseBook.LEASES_STORE), Serdes.String(), Lease.SERDE),
                        BUDGET, BUDGET_GRANTS, BUDGET_SETTLE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LeaseBook.RESERVATIONS_STORE), Serdes.String(), Reservation.SERDE),
                        BUDGET, BUDGET_GRANTS, BUDGET_SETTLE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ParkedRequests.PARKED_STORE), Serdes.String(), ParkedRequests.PARKED_SERDE),
                        BUDGET, BUDGET_GRANTS)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ParkedRequests.ASKS_STORE), Serdes.String(), ParkedRequests.ASK_SERDE),
                        BUDGET, BUDGET_GRANTS);
        // Config is small and every instance needs all of it: global stores, rebuilt from the compacted topics.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Governance.KEYS_STORE), Serdes.String(), serdes.virtualKeys())
                        .withLoggingDisabled(), KEYS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.KEYS, Governance.KEYS_STORE,
                () -> new ConfigRecordProcessor<>(Governance.KEYS_STORE, serdes.virtualKeys().deserializer(), listeners.governance()));
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Governance.POLICIES_STORE), Serdes.String(), serdes.policies())
                        .withLoggingDisabled(), POLICIES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.POLICIES, Governance.POLICIES_STORE,
                () -> new ConfigRecordProcessor<>(Governance.POLICIES_STORE, serdes.policies().deserializer(), listeners.governance()));
        return topology;
    }

}
