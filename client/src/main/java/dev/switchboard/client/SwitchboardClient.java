package dev.switchboard.client;

import dev.switchboard.client.internal.PendingRequests;
import dev.switchboard.client.internal.ReplyListener;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits chat requests to {@code llm.requests} and completes each future with its answer, read from a reply topic
 * that belongs to this client instance. At most {@code maxInFlight} requests are unanswered at once: {@link #submit}
 * waits up to {@code admissionWait} for a slot and otherwise fails with {@link InFlightLimitException}. Each request
 * carries a deadline, which the pipeline honours too (an EXPIRED answer) and after which the future fails with
 * {@link DeadlineExceededException}. {@link #close} stops taking requests and waits for those in flight.
 */
public final class SwitchboardClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardClient.class);
    /** Reply topics of this family are counted by the cost aggregator's answer windows (the dashboard). */
    public static final String REPLY_TOPIC_PREFIX = Topics.REPLIES_PREFIX;

    private final Builder settings;
    private final String replyTopic;
    private final PendingRequests pending;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<LlmRequest> requests;
    private final ReplyListener listener;
    private volatile boolean closed;

    private SwitchboardClient(Builder settings) {
        this.settings = settings;
        this.replyTopic = settings.replyTopic != null ? settings.replyTopic : REPLY_TOPIC_PREFIX + UUID.randomUUID();
        this.pending = new PendingRequests(settings.maxInFlight, settings.clock, settings.lateWindow, settings.onLateAnswer);
        SwitchboardSerdes serdes = settings.serdes != null ? settings.serdes : SwitchboardSerdes.forUrl(settings.registryUrl);
        this.requests = serdes.requests().serializer();
        createReplyTopic();
        this.listener = new ReplyListener(settings.bootstrapServers, replyTopic, serdes.responses().deserializer(), pending);
        Properties props = new Properties();
        props.putAll(settings.producerProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        // Fetches llm.requests' metadata now: the first send would otherwise block its caller for it (an event loop, say).
        producer.partitionsFor(Topics.REQUESTS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the request and returns its answer to come. The future fails with {@link InFlightLimitException} when no
     * slot frees up within the admission wait, {@link DeadlineExceededException} past the deadline, and
     * {@link ClientClosedException} after {@link #close}.
     */
    public CompletableFuture<ChatAnswer> submit(ChatRequest request) {
        if (closed) {
            return CompletableFuture.failedFuture(new ClientClosedException("client is closed"));
        }
        try {
            if (!pending.acquire(settings.admissionWait)) {
                return CompletableFuture.failedFuture(new InFlightLimitException(pending.capacity() + " requests in flight for "
                        + settings.admissionWait + "; slow down or raise maxInFlight"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        LlmRequest record = request.record();
        String requestId = record.getRequestId() == null || record.getRequestId().isBlank() ? UUID.randomUUID().toString() : record.getRequestId();
        Instant now = settings.clock.instant();
        Duration timeout = request.timeout() != null ? request.timeout() : settings.defaultTimeout;
        Instant deadline = now.plus(timeout);
        LlmRequest outgoing = LlmRequest.newBuilder(record).setRequestId(requestId).setReplyTo(replyTopic)
                .setDeadline(deadline).setSubmittedAt(now).build();
        CompletableFuture<ChatAnswer> answer;
        try {
            answer = pending.register(requestId, deadline);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            byte[] value = requests.serialize(Topics.REQUESTS, outgoing);
            producer.send(new ProducerRecord<>(Topics.REQUESTS, outgoing.getTenant(), value), (metadata, error) -> {
                if (error != null) {
                    pending.failSend(requestId, error);
                }
            });
        } catch (RuntimeException e) {
            pending.failSend(requestId, e);
        }
        return answer;
    }

    /** The topic this client's answers arrive on. */
    public String replyTopic() {
        return replyTopic;
    }

    public ClientStats stats() {
        return pending.stats();
    }

    /** Takes no new requests, waits up to the drain timeout for those in flight, then fails what is left and stops. */
    @Override
    public void close() {
        closed = true;
        producer.flush();
        boolean drained;
        try {
            drained = pending.awaitDrained(settings.drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            LOG.warn("closing with {} requests unanswered after draining for {}", pending.inFlight(), settings.drainTimeout);
        }
        pending.failAll(new ClientClosedException("client closed before the answer arrived"));
        listener.close();
        producer.close(Duration.ofSeconds(5));
        if (settings.deleteReplyTopicOnClose) {
            try (TopicAdmin admin = TopicAdmin.connect(settings.bootstrapServers)) {
                admin.admin().deleteTopics(List.of(replyTopic)).all().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("could not delete reply topic {}: {}", replyTopic, e.getMessage());
            }
        }
    }

    private void createReplyTopic() {
        Map<String, String> configs = Map.of("retention.ms", String.valueOf(settings.replyRetention.toMillis()));
        try (TopicAdmin admin = TopicAdmin.connect(settings.bootstrapServers)) {
            admin.ensureTopics(List.of(new NewTopic(replyTopic, Optional.of(settings.replyPartitions), Optional.empty()).configs(configs)));
        }
    }

    /** Settings with defaults as named constants; {@link #build} validates them and connects. */
    public static final class Builder {
        public static final int DEFAULT_MAX_IN_FLIGHT = 256;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofSeconds(10);
        public static final Duration DEFAULT_LATE_WINDOW = Duration.ofMinutes(5);
        public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
        public static final Duration DEFAULT_REPLY_RETENTION = Duration.ofHours(1);

        private String bootstrapServers;
        private String registryUrl = "mock://switchboard";
        private SwitchboardSerdes serdes;
        private String replyTopic;
        private int replyPartitions = 1;
        private Duration replyRetention = DEFAULT_REPLY_RETENTION;
        private boolean deleteReplyTopicOnClose = true;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration admissionWait = DEFAULT_ADMISSION_WAIT;
        private Duration defaultTimeout = DEFAULT_TIMEOUT;
        private Duration lateWindow = DEFAULT_LATE_WINDOW;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private Consumer<ChatAnswer> onLateAnswer = answer -> LOG.info("late answer to {}: {}", answer.requestId(), answer.status());
        private final Map<String, Object> producerProperties = new HashMap<>();

        private Builder() {
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** A Confluent-API schema registry, or {@code mock://name} for the in-memory one in the same JVM. */
        public Builder registryUrl(String registryUrl) {
            this.registryUrl = registryUrl;
            return this;
        }

        /** Serdes already bound to a registry (instead of {@link #registryUrl}). */
        public Builder serdes(SwitchboardSerdes serdes) {
            this.serdes = serdes;
            return this;
        }

        /** Default: {@code llm.replies.<random>}, created at build and deleted at close. */
        public Builder replyTopic(String replyTopic) {
            this.replyTopic = replyTopic;
            this.deleteReplyTopicOnClose = false;
            return this;
        }

        public Builder replyPartitions(int partitions) {
            this.replyPartitions = partitions;
            return this;
        }

        public Builder deleteReplyTopicOnClose(boolean delete) {
            this.deleteReplyTopicOnClose = delete;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** How long {@link SwitchboardClient#submit} waits for a free slot; zero fails at once when all are taken. */
        public Builder admissionWait(Duration wait) {
            this.admissionWait = wait;
            return this;
        }

        public Builder defaultTimeout(Duration timeout) {
            this.defaultTimeout = timeout;
            return this;
        }

        /** How long an answer is still awaited (and counted) after its caller was told the deadline passed. */
        public Builder lateWindow(Duration lateWindow) {
            this.lateWindow = lateWindow;
            return this;
        }

        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Called on the listener thread with each answer that came after its deadline. */
        public Builder onLateAnswer(Consumer<ChatAnswer> onLateAnswer) {
            this.onLateAnswer = onLateAnswer;
            return this;
        }

        public Builder producerProperty(String name, Object value) {
            producerProperties.put(name, value);
            return this;
        }

        public SwitchboardClient build() {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            if (serdes == null) {
                Objects.requireNonNull(registryUrl, "registryUrl");
            }
            if (replyTopic != null && replyTopic.startsWith("llm.") && !Topics.inReplyFamily(replyTopic)) {
                throw new IllegalArgumentException("replyTopic must be the client's own: outside llm.*, or of the " + Topics.REPLIES_PREFIX
                        + " family; not " + replyTopic);
            }
            if (replyPartitions <= 0) {
                throw new IllegalArgumentException("replyPartitions must be positive, got " + replyPartitions);
            }
            requirePositive(defaultTimeout, "defaultTimeout");
            requirePositive(lateWindow, "lateWindow");
            requirePositive(replyRetention, "replyRetention");
            if (admissionWait == null || admissionWait.isNegative()) {
                throw new IllegalArgumentException("admissionWait must be zero or positive, got " + admissionWait);
            }
            if (drainTimeout == null || drainTimeout.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must be zero or positive, got " + drainTimeout);
            }
            return new SwitchboardClient(this);
        }

        private static void requirePositive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
        }
    }
}
