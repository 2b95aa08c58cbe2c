package dev.switchboard.router;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import dev.switchboard.embeddings.Embedder;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the router topology as a Kafka Streams application with exactly-once processing. */
public final class RouterApp implements AutoCloseable {
    public static final String DEFAULT_APPLICATION_ID = "switchboard-router";
    private static final Logger LOG = LoggerFactory.getLogger(RouterApp.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaStreams streams;

    private RouterApp(KafkaStreams streams) {
        this.streams = streams;
    }

    /** {@code streamsProperties} must hold {@code bootstrap.servers}; application id and state dir have defaults. */
    public static RouterApp start(RouterConfig config, ModelCatalog catalog, SwitchboardSerdes serdes, Optional<Embedder> embedder,
                                  Optional<dev.switchboard.router.route.ComplexityScorer> scorer,
                                  RouterListeners listeners, Properties streamsProperties) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Answers should leave quickly: the default 100 ms commit interval under EOS is also the answer latency floor.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        // Requests and config records are read as bytes and judged by the topology; an unreadable record on the
        // internal topics (llm.cache-fill, llm.spend) is logged with its position and skipped rather than stopping
        // every tenant's traffic (a waiter it would have released is found by the stranded-waiter check).
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        // What cannot be written is skipped before the transaction sees it, so no record can stop its partition.
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUnwritableRecords.class.getName());
        props.putAll(streamsProperties);
        KafkaStreams streams = new KafkaStreams(RouterTopology.build(config, catalog, serdes, embedder, scorer, listeners), props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("router stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        StreamsStartup.awaitRunning(streams, STARTUP_TIMEOUT);
        return new RouterApp(streams);
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
