package dev.switchboard.router;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.router.cache.bound.CacheBoundTopology;
import dev.switchboard.router.cache.bound.ScoreScale;
import dev.switchboard.router.ledger.LedgerTopology;
import dev.switchboard.router.route.ComplexityScorer;
import dev.switchboard.router.triage.TriageTopology;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.schemas.streams.SkipUnwritableRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the router as six Kafka Streams applications with exactly-once processing: the triage, one lane per tier, the
 * budget ledger and the semantic cache's error bound, each with its own application id ({@code <base>-triage}, {@code <base>-interactive}, ...),
 * threads and state. More instances started with the same base id share the partitions of each.
 */
public final class RouterApp implements AutoCloseable {
    public static final String DEFAULT_APPLICATION_ID = "switchboard-router";
    private static final Logger LOG = LoggerFactory.getLogger(RouterApp.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final List<KafkaStreams> parts;

    private RouterApp(List<KafkaStreams> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * {@code streamsProperties} must hold {@code bootstrap.servers}; its application id (default
     * {@value #DEFAULT_APPLICATION_ID}) is the base of each part's id.
     */
    public static RouterApp start(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder,
                                  Optional<ComplexityScorer> scorer, RouterListeners listeners, Properties streamsProperties, RouterThreads threads) {
        return start(config, catalog, serdes, embedder, scorer, listeners, streamsProperties, threads, RouterCommitIntervals.defaults(),
                LanePriority.BatchYield.DEFAULT);
    }

    /** @param batchYield how the batch lane yields to interactive work in this process ({@link LanePriority}) */
    public static RouterApp start(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder,
                                  Optional<ComplexityScorer> scorer, RouterListeners listeners, Properties streamsProperties, RouterThreads threads,
                                  RouterCommitIntervals commits, LanePriority.BatchYield batchYield) {
        String base = streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        LanePriority priority = new LanePriority(batchYield);
        List<KafkaStreams> parts = new ArrayList<>();
        try {
            parts.add(part(TriageTopology.build(config, catalog, serdes), base + "-triage", threads.triage(), commits.triage(), streamsProperties));
            for (Tier tier : Tier.values()) {
                String lane = RouterTopology.laneName(tier);
                Properties laneProperties = new Properties();
                laneProperties.putAll(streamsProperties);
                laneProperties.putAll(priority(tier, priority, batchYield));
                parts.add(part(RouterTopology.build(config, catalog, serdes, embedder, scorer, listeners, tier), base + "-" + lane,
                        threads.lane(tier), commits.lane(tier), laneProperties));
            }
            parts.add(part(LedgerTopology.build(serdes), base + "-ledger", threads.ledger(), commits.ledger(), streamsProperties));
            parts.add(part(CacheBoundTopology.build(serdes, ScoreScale.forEmbedder(embedder), listeners.cacheBound()), base + "-cache-bound", 1,
                    commits.ledger(), streamsProperties));
            parts.forEach(KafkaStreams::start);
            parts.forEach(streams -> StreamsStartup.awaitRunning(streams, STARTUP_TIMEOUT));
        } catch (RuntimeException e) {
            parts.forEach(streams -> streams.close(Duration.ofSeconds(10)));
            throw e;
        }
        return new RouterApp(parts);
    }

    /** The interactive lane notes its arrivals; the batch lane reads small polls and paces them while those arrive. */
    private static Properties priority(Tier tier, LanePriority priority, LanePriority.BatchYield batchYield) {
        Properties props = new Properties();
        String interceptors = StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
        if (tier == Tier.INTERACTIVE) {
            props.put(LanePriority.CONFIG, priority);
            props.put(interceptors, LanePriority.InteractiveArrivals.class.getName());
        } else if (tier == Tier.BATCH && !batchYield.pausePerRequest().isZero()) {
            props.put(LanePriority.CONFIG, priority);
            props.put(interceptors, LanePriority.BatchPacer.class.getName());
            // A poll's pause is capped, so the pace per request holds only for polls no larger than cap / pause.
            long perPoll = Math.max(1, Math.min(1_000, batchYield.maxPausePerPoll().toNanos() / batchYield.pausePerRequest().toNanos()));
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), (int) perPoll);
        }
        return props;
    }

    private static KafkaStreams part(Topology topology, String applicationId, int threads, Duration commitInterval, Properties streamsProperties) {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // No client telemetry pushed to the broker: it costs every client a metrics walk and the broker a request each.
        props.put(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        // A task never holds a ready record back waiting for another input partition to catch up: a lane's requests and
        // the answers on llm.cache-fill are independent streams, and waiting on the busier one would put a probe behind it.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Requests and config records are read as bytes and judged by the topology; an unreadable record on the
        // internal topics (llm.cache-fill, llm.spend, the lease topics) is logged with its position and skipped rather
        // than stopping every tenant's traffic (a waiter it would have released is found by the stranded-waiter check).
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        // What cannot be written is skipped before the transaction sees it, so no record can stop its partition.
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUnwritableRecords.class.getName());
        props.putAll(streamsProperties);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        // Each part's own interval: under exactly-once it is the latency floor of the hop after it (RouterCommitIntervals).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        String stateDir = streamsProperties.getProperty(StreamsConfig.STATE_DIR_CONFIG);
        if (stateDir != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(stateDir).resolve(applicationId).toString());
        }
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{} stream thread failed; replacing it", applicationId, e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return streams;
    }

    /** The lane of one tier. */
    public KafkaStreams lane(Tier tier) {
        return parts.get(1 + tier.ordinal());
    }

    /** Every part: triage, the lanes, the ledger, the cache bound (for metrics). */
    public List<KafkaStreams> streams() {
        return parts;
    }

    @Override
    public void close() {
        parts.forEach(streams -> streams.close(Duration.ofSeconds(30)));
    }
}
