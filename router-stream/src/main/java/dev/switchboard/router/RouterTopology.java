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
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetProcessor;
import dev.switchboard.router.budget.BudgetSettlementProcessor;
import dev.switchboard.router.budget.LedgerEntry;
import dev.switchboard.router.budget.Reservation;
import dev.switchboard.router.budget.SpendFeedProcessor;
import dev.switchboard.router.budget.WorstCaseCost;
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
 * The router, top to bottom. Every record of a tenant lands in one task, which owns the tenant's dedup entries
 * and cache, so no decision needs a lock or a remote lookup.
 *
 * <pre>
 * llm.requests ─► request-intake ─► request-admission ─► request-dedup ─► cache-lookup ─► route ─► budget-reserve ─► llm.route.&lt;model&gt;.&lt;tier&gt;
 *                  │  │  └► llm.requests (re-keyed by tenant)    │            │                    │    └► llm.cache-fill (refusal as terminal answer)
 *                  │  └► llm.dlq            │                   │            │                    │
 *                  └──────────────► replies ◄──────────────────┴────────────┴────────────────────┘   (REJECTED, EXPIRED, repeats, cache hits)
 * llm.cache-control ─► cache-invalidation                  (a namespace forgets its cached answers)
 * llm.cache-fill ─┬► cache-fill ─► replies                 (fills the cache; answers repeats and identical requests that waited)
 *                 │             └──► route                   (identical requests whose leader failed go on their own)
 *                 └► budget-settle                           (the answer's real cost replaces its reservation)
 * llm.spend ─► budget-spend                                  (the cost aggregator's count of each budget period)
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
    public static final String SPEND_SOURCE = "spend-source";
    public static final String BUDGET_SPEND = "budget-spend";
    public static final String TERMINAL_SINK = "budget-refusals-sink";
    public static final String KEYS_SOURCE = "keys-source";
    public static final String POLICIES_SOURCE = "policies-source";
    /** Longer than any answer takes (the batch tier's 24 h window included): a reservation older than this is released. */
    public static final Duration RESERVATION_TIMEOUT = Duration.ofHours(26);

    private RouterTopology() {
    }

    public static Topology build(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder) {
        return build(config, catalog, serdes, embedder, Optional.empty(), RouterListeners.NONE);
    }

    /**
     * @param embedder the sentence embedder for the semantic cache; without one only exact hits are served
     * @param scorer   the learned complexity router for tenants whose strategy is {@code complexity}
     * @param listeners hear every routing decision and refusal (metrics) and every config record applied
     */
    public static Topology build(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder,
                                 Optional<ComplexityScorer> scorer, RouterListeners listeners) {
        RoutingDecider decider = new RoutingDecider(config, catalog, scorer);
        RequestValidator validator = new RequestValidator(config, catalog);
        KeyCheck keyCheck = new KeyCheck(config);
        WorstCaseCost worstCase = new WorstCaseCost(catalog);
        TopicNameExtractor<String, Reply> replyTopic = (key, reply, context) -> reply.topic();
        TopicNameExtractor<String, RoutedRequest> routeTopic = (key, routed, context) -> Topics.route(routed.getModel(), routed.getTier());

        Topology topology = new Topology();
        topology.addSource(REQUESTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.REQUESTS)
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
                .addProcessor(BUDGET, () -> new BudgetProcessor(config, worstCase, RESERVATION_TIMEOUT, listeners.admission(), ROUTES_SINK, REPLIES_SINK, TERMINAL_SINK), ROUTE)
                .addProcessor(BUDGET_SETTLE, BudgetSettlementProcessor::new, CACHE_FILL_SOURCE)
                .addSource(SPEND_SOURCE, new StringDeserializer(), serdes.spend(), Topics.SPEND)
                .addProcessor(BUDGET_SPEND, SpendFeedProcessor::new, SPEND_SOURCE)
                .addSink(ROUTES_SINK, routeTopic, new StringSerializer(), serdes.routed(), BUDGET)
                .addSink(TERMINAL_SINK, Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill(), BUDGET)
                .addSink(REPLIES_SINK, replyTopic, new StringSerializer(), new ReplySerializer(serdes.responses()), INTAKE, ADMISSION, DEDUP, CACHE_LOOKUP, CACHE_FILL, BUDGET)
                .addSink(DLQ_SINK, Topics.DLQ, new StringSerializer(), serdes.deadLetters(), INTAKE)
                .addSink(USAGE_SINK, Topics.USAGE, new StringSerializer(), serdes.usage(), CACHE_LOOKUP, CACHE_FILL)
                .addSink(REKEY_SINK, Topics.REQUESTS, new StringSerializer(), new ByteArraySerializer(), INTAKE)
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
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BudgetLedger.LEDGER_STORE), Serdes.String(), LedgerEntry.SERDE),
                        BUDGET, BUDGET_SETTLE, BUDGET_SPEND)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BudgetLedger.RESERVATIONS_STORE), Serdes.String(), Reservation.SERDE),
                        BUDGET, BUDGET_SETTLE, BUDGET_SPEND);
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
