package dev.switchboard.router;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.embeddings.Embedder;
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
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the router as five Kafka Streams applications with exactly-once processing: the triage, one lane per tier and
 * the budget ledger, each with its own application id ({@code <base>-triage}, {@code <base>-interactive}, ...),
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
        String base = streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        List<KafkaStreams> parts = new ArrayList<>();
        try {
            parts.add(part(TriageTopology.build(config, catalog, serdes), base + "-triage", threads.triage(), streamsProperties));
            for (Tier tier : Tier.values()) {
                String lane = RouterTopology.laneName(tier);
                parts.add(part(RouterTopology.build(config, catalog, serdes, embedder, scorer, listeners, tier), base + "-" + lane,
                        threads.lane(tier), streamsProperties));
            }
            parts.add(part(LedgerTopology.build(serdes), base + "-ledger", threads.ledger(), streamsProperties));
            parts.forEach(KafkaStreams::start);
            parts.forEach(streams -> StreamsStartup.awaitRunning(streams, STARTUP_TIMEOUT));
        } catch (RuntimeException e) {
            parts.forEach(streams -> streams.close(Duration.ofSeconds(10)));
            throw e;
        }
        return new RouterApp(parts);
    }

    private static KafkaStreams part(Topology topology, String applicationId, int threads, Properties streamsProperties) {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Answers should leave quickly: the default 100 ms commit interval under EOS is also the answer latency floor.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        // Requests and config records are read as bytes and judged by the topology; an unreadable record on the
        // internal topics (llm.cache-fill, llm.spend, the lease topics) is logged with its position and skipped rather
        // than stopping every tenant's traffic (a waiter it would have released is found by the stranded-waiter check).
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        // What cannot be written is skipped before the transaction sees it, so no record can stop its partition.
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUnwritableRecords.class.getName());
        props.putAll(streamsProperties);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
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

    /** Every part: triage, the lanes, the ledger (for metrics). */
    public List<KafkaStreams> streams() {
        return parts;
    }

    @Override
    public void close() {
        parts.forEach(streams -> streams.close(Duration.ofSeconds(30)));
    }
}
