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
import dev.switchboard.router.route.RouteListener;
import dev.switchboard.router.route.RoutingDecider;
import dev.switchboard.schemas.RoutedRequest;
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
 * llm.requests ─► request-intake ─► request-dedup ─► cache-lookup ─► route ─► llm.route.&lt;model&gt;.&lt;tier&gt;
 *                  │  │  └► llm.requests (re-keyed by tenant)  │            │
 *                  │  └► llm.dlq                              │            │
 *                  └──────────────► replies ◄─────────────────┴────────────┘    (REJECTED, EXPIRED, repeats, cache hits)
 * llm.cache-control ─► cache-invalidation                  (a namespace forgets its cached answers)
 * llm.cache-fill ─► cache-fill ─► replies                 (fills the cache; answers repeats and identical requests that waited)
 *                             └──► route                   (identical requests whose leader failed go on their own)
 * </pre>
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

    private RouterTopology() {
    }

    public static Topology build(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder) {
        return build(config, catalog, serdes, embedder, Optional.empty(), RouteListener.NONE);
    }

    /**
     * @param embedder the sentence embedder for the semantic cache; without one only exact hits are served
     * @param scorer   the learned complexity router for tenants whose strategy is {@code complexity}
     * @param listener hears every routing decision (metrics)
     */
    public static Topology build(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder,
                                 Optional<ComplexityScorer> scorer, RouteListener listener) {
        RoutingDecider decider = new RoutingDecider(config, catalog, scorer);
        RequestValidator validator = new RequestValidator(config, catalog);
        TopicNameExtractor<String, Reply> replyTopic = (key, reply, context) -> reply.topic();
        TopicNameExtractor<String, RoutedRequest> routeTopic = (key, routed, context) -> Topics.route(routed.getModel(), routed.getTier());

        Topology topology = new Topology();
        topology.addSource(REQUESTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.REQUESTS)
                .addProcessor(INTAKE, () -> new RequestIntakeProcessor(serdes.requests(), validator, DEDUP, REPLIES_SINK, DLQ_SINK, REKEY_SINK), REQUESTS_SOURCE)
                .addProcessor(DEDUP, () -> new DedupProcessor(config.dedupWindow(), CACHE_LOOKUP, REPLIES_SINK), INTAKE)
                .addProcessor(CACHE_LOOKUP, () -> new CacheLookupProcessor(config.dedupWindow(), config.coalesceTimeout(), config::policyOf, embedder,
                        ROUTE, REPLIES_SINK, USAGE_SINK), DEDUP)
                .addSource(CACHE_FILL_SOURCE, new StringDeserializer(), serdes.cacheFill(), Topics.CACHE_FILL)
                .addProcessor(CACHE_FILL, () -> new CacheFillProcessor(config.dedupWindow(), config.coalesceTimeout(), config::policyOf,
                        ROUTE, REPLIES_SINK, USAGE_SINK), CACHE_FILL_SOURCE)
                .addSource(CACHE_CONTROL_SOURCE, new StringDeserializer(), serdes.cacheInvalidations(), Topics.CACHE_CONTROL)
                .addProcessor(CACHE_INVALIDATION, CacheInvalidationProcessor::new, CACHE_CONTROL_SOURCE)
                .addProcessor(ROUTE, () -> new RoutingProcessor(decider, config::policyOf, listener), CACHE_LOOKUP, CACHE_FILL)
                .addSink(ROUTES_SINK, routeTopic, new StringSerializer(), serdes.routed(), ROUTE)
                .addSink(REPLIES_SINK, replyTopic, new StringSerializer(), new ReplySerializer(serdes.responses()), INTAKE, DEDUP, CACHE_LOOKUP, CACHE_FILL)
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
                        CACHE_LOOKUP, CACHE_INVALIDATION);
        return topology;
    }

}
