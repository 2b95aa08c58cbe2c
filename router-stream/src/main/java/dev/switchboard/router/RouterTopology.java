package dev.switchboard.router;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.answer.AnswerProcessor;
import dev.switchboard.router.answer.ReplyProcessor;
import dev.switchboard.router.coalesce.CoalesceProcessor;
import dev.switchboard.router.coalesce.LeadProcessor;
import dev.switchboard.router.cache.CacheGenerations;
import dev.switchboard.router.cache.CacheInvalidationProcessor;
import dev.switchboard.router.cache.CachedAnswer;
import dev.switchboard.router.coalesce.Coalescer;
import dev.switchboard.router.coalesce.InFlight;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.embeddings.Embedder;
import java.util.Optional;
import dev.switchboard.router.cache.CacheLookupProcessor;
import dev.switchboard.router.cache.bound.AnswerCheck;
import dev.switchboard.router.cache.bound.CacheBoundGate;
import dev.switchboard.router.cache.bound.ScoreScale;
import dev.switchboard.router.cache.bound.Verdict;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.router.dedup.DedupEntry;
import dev.switchboard.router.dedup.DedupProcessor;
import dev.switchboard.router.intake.RequestIntakeProcessor;
import dev.switchboard.router.intake.RequestValidator;
import dev.switchboard.router.route.RoutingProcessor;
import dev.switchboard.router.route.ComplexityScorer;
import dev.switchboard.router.budget.BudgetProcessor;
import dev.switchboard.router.budget.Lease;
import dev.switchboard.router.budget.LaneBudget;
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
import dev.switchboard.router.governance.AdmissionGrantProcessor;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serde;
import static dev.switchboard.router.StoreOwningSupplier.owning;

/**
 * One lane of the router, top to bottom: the same topology runs once per tier, as its own Kafka Streams application
 * with its own threads and state, behind the stateless triage ({@code TriageTopology}). Every record of a tenant
 * lands in one task of the lane, which owns the tenant's dedup entries, cache and leases, so no decision needs a lock
 * or a remote lookup; budgets are lent to the lane by the tenant's one ledger ({@code LedgerTopology}).
 *
 * <pre>
 * llm.requests.&lt;lane&gt; ─► request-intake ─► request-admission ─► request-dedup ─► cache-lookup ─► coalesce ─► route ─► budget-reserve ─► coalesce-lead ─► llm.route.&lt;model&gt;.&lt;tier&gt;
 *           │  │  └► llm.requests.&lt;lane&gt; (re-keyed)   │                 │             │   (waits)    ▲          ├► llm.budget-leases (asks)
 *           │  └► llm.dlq             │                 │             │              │          │          │
 *           └───────────────────────────┴─────────────────┴─────────────┴──────────────┼──────────┼──────────┴──► reply ─► replies (reply_to or llm.responses)
 * llm.budget-grants ─► budget-grants ─► coalesce-lead / reply / llm.budget-leases    │          │                 ▲
 * llm.cache-fill ─► answer: 1 settle the lease  2 fill the cache  3 release waiters ──┘ (failed) │ (COALESCED)     │
 *                           4 hand the answer to the reply step (delivered) ───────────────────────────────────────┘
 * llm.cache-control ─► cache-invalidation                  (a namespace forgets its cached answers)
 * cache-lookup, answer ─► llm.cache-verdicts                (a bounded tenant's semantic candidates and compared answers)
 * llm.keys, llm.policies ─► global stores governance-keys, governance-policies (live config, on every instance)
 * llm.cache-bounds ─► global store cache-bounds             (each bounded tenant's cut, one for every lane: CacheBoundTopology)
 * </pre>
 *
 * The reply step is the only one that completes dedup entries: it records each terminal answer (the router's own,
 * or a worker's already delivered) and releases the repeats queued behind it; a second terminal answer for a request
 * is dropped. A request leads identical ones from the moment it misses the cache (coalesce), so those arriving while
 * it waits for its budget lease wait for it; if its budget refuses it, answered here in the lane, it gives them up to
 * go on their own. Coalesce-lead makes a request lead that was routed on its own after its leader failed. Every processor names the stores it owns.
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
    public static final String COALESCE = "coalesce";
    public static final String ANSWER = "answer";
    public static final String LEAD = "coalesce-lead";
    public static final String REPLY = "reply";
    public static final String REPLIES_SINK = "replies-sink";
    public static final String ROUTES_SINK = "routes-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String REKEY_SINK = "requests-rekey-sink";
    public static final String USAGE_SINK = "cache-usage-sink";
    public static final String CACHE_CONTROL_SOURCE = "cache-control-source";
    public static final String CACHE_INVALIDATION = "cache-invalidation";
    public static final String ADMISSION = "request-admission";
    public static final String BUDGET = "budget-reserve";
    public static final String GRANTS_SOURCE = "budget-grants-source";
    public static final String BUDGET_GRANTS = "budget-grants";
    public static final String ADMISSION_GRANTS = "admission-grants";
    public static final String LEASES_SINK = "budget-leases-sink";
    public static final String KEYS_SOURCE = "keys-source";
    public static final String POLICIES_SOURCE = "policies-source";
    public static final String VERDICTS_SINK = "cache-verdicts-sink";
    public static final String BOUNDS_SOURCE = "cache-bounds-source";
    /** Longer than any answer takes (the batch tier's 24 h window included): a reservation older than this is released. */
    public static final Duration RESERVATION_TIMEOUT = Duration.ofHours(26);

    private RouterTopology() {
    }

    /** The standard lane without listeners or a complexity scorer. */
    public static Topology build(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder) {
        return build(config, catalog, serdes, embedder, Optional.empty(), RouterListeners.NONE, Tier.STANDARD);
    }

    /** Admission asks the ledger under the lane's name with this suffix, so its grants and the budget step's stay apart. */
    public static final String LIMITS_SUFFIX = "/limits";

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
        ScoreScale scale = ScoreScale.forEmbedder(embedder);
        AdmissionProcessor.Limits limits = new AdmissionProcessor.Limits(laneName + LIMITS_SUFFIX, listeners.admission(), DEDUP, REPLY, LEASES_SINK);
        LaneBudget laneBudget = new LaneBudget(laneName, config, new WorstCaseCost(catalog), listeners.admission(), LEAD, REPLY, LEASES_SINK);
        TopicNameExtractor<String, Reply> replyTopic = (key, reply, context) -> reply.topic();
        TopicNameExtractor<String, RoutedRequest> routeTopic = (key, routed, context) -> Topics.route(routed.getModel(), routed.getTier());

        StoreBuilder<?> dedup = store(DedupProcessor.STORE, Serdes.String(), DedupEntry.SERDE);
        StoreBuilder<?> exactCache = store(CacheLookupProcessor.STORE, Serdes.String(), CachedAnswer.SERDE);
        StoreBuilder<?> semanticBuckets = store(SemanticIndex.BUCKETS_STORE, Serdes.Bytes(), Serdes.ByteArray());
        StoreBuilder<?> semanticEntries = store(SemanticIndex.ENTRIES_STORE, Serdes.String(), Serdes.ByteArray());
        StoreBuilder<?> generations = store(CacheGenerations.STORE, Serdes.String(), Serdes.Long());
        StoreBuilder<?> embedQueue = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CacheLookupProcessor.EMBED_QUEUE_STORE), Serdes.Long(),
                CacheLookupProcessor.EMBED_QUEUE_SERDE);
        // Interactive requests never wait for others to share a model call; the other lanes embed their misses in batches.
        int embedBatch = lane == Tier.INTERACTIVE ? 1 : embedder.map(Embedder::batchSize).orElse(1);
        StoreBuilder<?> inFlight = store(Coalescer.STORE, Serdes.String(), InFlight.SERDE);
        StoreBuilder<?> admissionLeases = store(AdmissionProcessor.LEASES_STORE, Serdes.String(), Lease.SERDE);
        StoreBuilder<?> admissionParked = store(AdmissionProcessor.PARKED_STORE, Serdes.String(), AdmissionProcessor.PARKED_SERDE);
        StoreBuilder<?> admissionAsks = store(AdmissionProcessor.ASKS_STORE, Serdes.String(), ParkedRequests.ASK_SERDE);
        StoreBuilder<?> keyScopes = store(KeyScopes.STORE, Serdes.String(), Serdes.String());
        StoreBuilder<?> leases = store(LeaseBook.LEASES_STORE, Serdes.String(), Lease.SERDE);
        StoreBuilder<?> reservations = store(LeaseBook.RESERVATIONS_STORE, Serdes.String(), Reservation.SERDE);
        StoreBuilder<?> parked = store(ParkedRequests.PARKED_STORE, Serdes.String(), ParkedRequests.PARKED_SERDE);
        StoreBuilder<?> asks = store(ParkedRequests.ASKS_STORE, Serdes.String(), ParkedRequests.ASK_SERDE);

        Topology topology = new Topology();
        // The way in: each step hands the request on, or answers it through the reply step.
        topology.addSource(REQUESTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), requestsTopic)
                .addProcessor(INTAKE, () -> new RequestIntakeProcessor(serdes.requests(), validator, ADMISSION, REPLY, DLQ_SINK, REKEY_SINK), REQUESTS_SOURCE)
                .addProcessor(ADMISSION, owning(() -> new AdmissionProcessor(keyCheck, limits), admissionLeases, admissionParked, admissionAsks, keyScopes), INTAKE)
                // The ledger's answers: each step takes its own grants (admission's permits, the budget step's lease).
                .addSource(GRANTS_SOURCE, new StringDeserializer(), LeaseCodecs.GRANTS.deserializer(), Topics.BUDGET_GRANTS)
                .addProcessor(ADMISSION_GRANTS, owning(() -> new AdmissionGrantProcessor(limits), admissionLeases, admissionParked, admissionAsks), GRANTS_SOURCE)
                .addProcessor(DEDUP, owning(() -> new DedupProcessor(config.dedupWindow(), CACHE_LOOKUP, REPLY), dedup), ADMISSION, ADMISSION_GRANTS)
                .addProcessor(CACHE_LOOKUP, owning(() -> new CacheLookupProcessor(config.coalesceTimeout(), config::policyOf, embedder, embedBatch,
                        new CacheBoundGate(laneName, scale, VERDICTS_SINK), COALESCE, REPLY, USAGE_SINK),
                        exactCache, semanticBuckets, semanticEntries, embedQueue), DEDUP)
                .addProcessor(COALESCE, owning(() -> new CoalesceProcessor(config.coalesceTimeout()), inFlight), CACHE_LOOKUP)
                // The way back: every lane's answers, in one step (settle, fill, release waiters, complete).
                .addSource(CACHE_FILL_SOURCE, new StringDeserializer(), serdes.cacheFill(), Topics.CACHE_FILL)
                .addProcessor(ANSWER, owning(() -> new AnswerProcessor(config.coalesceTimeout(), config::policyOf, embedder,
                        new AnswerCheck(laneName, embedder, VERDICTS_SINK), ROUTE, REPLY, USAGE_SINK),
                        leases, reservations, exactCache, semanticBuckets, semanticEntries, inFlight), CACHE_FILL_SOURCE)
                .addProcessor(ROUTE, owning(() -> new RoutingProcessor(decider, config::policyOf, listeners.route()), keyScopes), COALESCE, ANSWER)
                .addProcessor(BUDGET, owning(() -> new BudgetProcessor(laneBudget, RESERVATION_TIMEOUT), leases, reservations, parked, asks, inFlight), ROUTE)
                .addProcessor(BUDGET_GRANTS, owning(() -> new LeaseGrantProcessor(laneBudget), leases, reservations, parked, asks, inFlight), GRANTS_SOURCE)
                .addProcessor(LEAD, owning(() -> new LeadProcessor(config.coalesceTimeout()), inFlight), BUDGET, BUDGET_GRANTS)
                .addProcessor(REPLY, owning(() -> new ReplyProcessor(config.dedupWindow()), dedup), INTAKE, ADMISSION, ADMISSION_GRANTS, DEDUP, CACHE_LOOKUP, ANSWER, BUDGET, BUDGET_GRANTS)
                .addSource(CACHE_CONTROL_SOURCE, new StringDeserializer(), serdes.cacheInvalidations(), Topics.CACHE_CONTROL)
                .addProcessor(CACHE_INVALIDATION, CacheInvalidationProcessor::new, CACHE_CONTROL_SOURCE)
                // Added with both users at once: the store is what puts llm.cache-control's step in the lookup's task.
                .addStateStore(generations, CACHE_LOOKUP, CACHE_INVALIDATION)
                .addSink(ROUTES_SINK, routeTopic, new StringSerializer(), serdes.routed(), LEAD)
                .addSink(LEASES_SINK, Topics.BUDGET_LEASES, new StringSerializer(), LeaseCodecs.MESSAGES.serializer(), ADMISSION, ADMISSION_GRANTS, BUDGET, BUDGET_GRANTS)
                .addSink(REPLIES_SINK, replyTopic, new StringSerializer(), new ReplySerializer(serdes.responses()), REPLY)
                .addSink(DLQ_SINK, Topics.DLQ, new StringSerializer(), serdes.deadLetters(), INTAKE)
                .addSink(USAGE_SINK, Topics.USAGE, new StringSerializer(), serdes.usage(), CACHE_LOOKUP, ANSWER)
                .addSink(REKEY_SINK, requestsTopic, new StringSerializer(), new ByteArraySerializer(), INTAKE)
                .addSink(VERDICTS_SINK, Topics.CACHE_VERDICTS, new StringSerializer(), Verdict.SERDE.serializer(), CACHE_LOOKUP, ANSWER);
        // Config is small and every instance needs all of it: global stores, rebuilt from the compacted topics.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Governance.KEYS_STORE), Serdes.String(), serdes.virtualKeys())
                        .withLoggingDisabled(), KEYS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.KEYS, Governance.KEYS_STORE,
                () -> new ConfigRecordProcessor<>(Governance.KEYS_STORE, serdes.virtualKeys().deserializer(), listeners.governance()));
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Governance.POLICIES_STORE), Serdes.String(), serdes.policies())
                        .withLoggingDisabled(), POLICIES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.POLICIES, Governance.POLICIES_STORE,
                () -> new ConfigRecordProcessor<>(Governance.POLICIES_STORE, serdes.policies().deserializer(), listeners.governance()));
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CacheBoundGate.STORE), Serdes.String(),
                        serdes.avro(CacheBoundState.class)).withLoggingDisabled(), BOUNDS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                Topics.CACHE_BOUNDS, CacheBoundGate.STORE,
                () -> new ConfigRecordProcessor<>(CacheBoundGate.STORE, serdes.avro(CacheBoundState.class).deserializer(),
                        dev.switchboard.router.governance.GovernanceListener.NONE));
        return topology;
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
    }
}
