package dev.switchboard.gateway;

import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.gateway.batch.BatchService;
import dev.switchboard.gateway.http.ChatCompletionsHandler;
import dev.switchboard.gateway.http.FilesAndBatchesHandler;
import dev.switchboard.gateway.http.GatewayRoutes;
import dev.switchboard.gateway.http.ManagementGate;
import dev.switchboard.gateway.keys.KeyDirectory;
import dev.switchboard.gateway.openai.ChatCallReader;
import dev.switchboard.gateway.openai.ErrorMapping;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.schemas.access.Access;
import dev.switchboard.schemas.access.Callers;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible HTTP front door on Vert.x: an event loop per core holds any number of waiting calls, each a
 * request published to {@code llm.requests} with this instance's own reply topic (through {@link SwitchboardClient}).
 * Topics it owns: {@code llm.replies.gateway-<id>} (per instance, deleted on close), {@code llm.files} and
 * {@code llm.batches} (compacted state), {@code llm.replies.batches} (batch answers, kept for a week).
 * Reads {@code llm.keys} to learn the tenant of a virtual key.
 */
public final class GatewayApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);
    private static final Duration BATCH_ANSWER_RETENTION = Duration.ofDays(7);
    /** On close, how long answers to calls already closed by the server are still awaited, so they are counted. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Under the 30-60 s idle cut of common proxies and load balancers. */
    private static final Duration STREAM_KEEP_ALIVE = Duration.ofSeconds(15);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private String host;
    private Vertx vertx;
    private HttpServer server;
    private SwitchboardClient client;

    private GatewayApp() {
    }

    public static GatewayApp start(GatewayConfig config, String bootstrapServers, SwitchboardSerdes serdes, MeterRegistry registry) {
        return start(config, bootstrapServers, serdes, registry, Access.OPEN);
    }

    /** As above; with {@code access} required, the management endpoints need a credential ({@link ManagementGate}). */
    public static GatewayApp start(GatewayConfig config, String bootstrapServers, SwitchboardSerdes serdes, MeterRegistry registry,
                                   Access access) {
        GatewayApp app = new GatewayApp();
        try {
            app.startAll(config, bootstrapServers, serdes, registry, access);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startAll(GatewayConfig config, String bootstrapServers, SwitchboardSerdes serdes, MeterRegistry registry, Access access) {
        host = config.host();
        createTopics(bootstrapServers, config);
        KeyDirectory keys = remember(new KeyDirectory(bootstrapServers, serdes));
        ErrorMapping errors = new ErrorMapping(config.rateLimitRetryAfter());
        ChatCallReader reader = new ChatCallReader(config.defaultTenant(), keys::tenantOf);
        GatewayMetrics[] metrics = new GatewayMetrics[1];
        client = remember(SwitchboardClient.builder().bootstrapServers(bootstrapServers).serdes(serdes)
                .replyTopic(SwitchboardClient.REPLY_TOPIC_PREFIX + "gateway-" + UUID.randomUUID()).deleteReplyTopicOnClose(true)
                .maxInFlight(config.maxInFlight()).admissionWait(Duration.ZERO).defaultTimeout(config.requestTimeout())
                .drainTimeout(DRAIN_TIMEOUT)
                .onLateAnswer(answer -> {
                    metrics[0].undelivered("late");
                    LOG.info("answer to {} ({}) came after its caller's deadline", answer.requestId(), answer.status());
                })
                .build());
        metrics[0] = new GatewayMetrics(registry, () -> client.stats().inFlight());
        BatchService batches = remember(new BatchService(bootstrapServers, serdes, reader, errors, Clock.systemUTC(), config.batchWindow(),
                config.maxFileBytes()));
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors())));
        GatewayRoutes routes = new GatewayRoutes(new ChatCompletionsHandler(client, reader, errors, metrics[0], config.maxBodyBytes(), STREAM_KEEP_ALIVE),
                new FilesAndBatchesHandler(vertx, batches, reader, config.maxFileBytes(), config.maxBodyBytes()), metrics[0], config.models());
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setCompressionSupported(false).setIdleTimeout(0);
        try {
            server = vertx.createHttpServer(options).requestHandler(new ManagementGate(Callers.of(access, keys::bySha256, Clock.systemUTC()), metrics[0], routes)).listen().toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("gateway could not listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        LOG.info("gateway listening at {}", baseUri());
    }

    private static void createTopics(String bootstrapServers, GatewayConfig config) {
        try (TopicAdmin admin = TopicAdmin.connect(bootstrapServers)) {
            Map<String, String> compacted = Map.of("cleanup.policy", "compact");
            admin.ensureTopics(List.of(
                    new NewTopic(BatchService.FILES_TOPIC, Optional.of(1), Optional.empty())
                            .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", String.valueOf(config.maxFileBytes() * 2 + 64 * 1024))),
                    new NewTopic(BatchService.BATCHES_TOPIC, Optional.of(1), Optional.empty()).configs(compacted),
                    new NewTopic(BatchService.REPLY_TOPIC, Optional.of(1), Optional.empty())
                            .configs(Map.of("retention.ms", String.valueOf(BATCH_ANSWER_RETENTION.toMillis())))));
        }
    }

    /** Where the OpenAI API is served, e.g. {@code http://127.0.0.1:8080/v1}: what an SDK takes as its base URL. */
    public URI baseUri() {
        return URI.create("http://" + hostForUri() + ":" + server.actualPort() + "/v1");
    }

    public int port() {
        return server.actualPort();
    }

    public SwitchboardClient client() {
        return client;
    }

    /** A server bound to every interface is reached on loopback from this machine. */
    private String hostForUri() {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    private <T extends AutoCloseable> T remember(T component) {
        running.push(component);
        return component;
    }

    /** Stops taking calls first, then drains what is in flight, then stops reading Kafka. */
    @Override
    public void close() {
        if (vertx != null) {
            try {
                if (server != null) {
                    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("error while stopping the HTTP server", e);
            }
        }
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping a gateway component", e);
            }
        }
    }
}
