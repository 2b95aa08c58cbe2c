package dev.switchboard.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.RouterListeners;
import dev.switchboard.router.RouterTopology;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.WordHashEmbedder;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedder is the router's most expensive step: it runs only for a question the router has not seen. */
class CacheLookupEmbeddingTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://cache-lookup-embedding-test");
    private final CountingEmbedder embedder = new CountingEmbedder(1);
    @TempDir
    Path stateDir;
    private final List<TopologyTestDriver> drivers = new java.util.ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, CacheFill> cacheFill;
    private TestOutputTopic<String, LlmResponse> responses;
    private TestOutputTopic<String, RoutedRequest> routes;

    /** One lane of the router over its own state, as RouterApp runs it. */
    private final class Lane {
        final TopologyTestDriver driver;
        final Tier tier;
        final TestInputTopic<String, byte[]> requests;
        final TestInputTopic<String, CacheFill> cacheFill;
        final TestOutputTopic<String, LlmResponse> responses;
        final TestOutputTopic<String, RoutedRequest> routes;

        Lane(Tier tier, Embedder laneEmbedder) {
            this.tier = tier;
            TenantPolicy policy = new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), 0.8, 1.0, null);
            RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000, policy,
                    Map.of(), Map.of());
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cache-lookup-embedding-test-" + tier.name().toLowerCase(java.util.Locale.ROOT));
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(tier.name()).toString());
            driver = new TopologyTestDriver(RouterTopology.build(config, ModelCatalog.loadDefault(), serdes, Optional.of(laneEmbedder), Optional.empty(),
                    RouterListeners.NONE, tier), props, START);
            drivers.add(driver);
            requests = driver.createInputTopic(Topics.requests(tier), new StringSerializer(), new ByteArraySerializer(), START, Duration.ofMillis(1));
            cacheFill = driver.createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer(), START, Duration.ofMillis(1));
            responses = driver.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses());
            routes = driver.createOutputTopic(Topics.route("sim/small", tier), new StringDeserializer(), serdes.routed());
        }

        void send(String id, String question) {
            requests.pipeInput("acme", ("{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"tier\":\""
                    + tier.name().toLowerCase(java.util.Locale.ROOT) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void startDriver() {
        Lane standard = new Lane(Tier.STANDARD, embedder);
        driver = standard.driver;
        requests = standard.requests;
        cacheFill = standard.cacheFill;
        responses = standard.responses;
        routes = standard.routes;
    }

    @AfterEach
    void closeDriver() {
        drivers.forEach(TopologyTestDriver::close);
    }

    @Test
    void shouldNotEmbedAnExactHit() {
        send("r1", "What is a Kafka partition leader?");
        RoutedRequest leader = routes.readValue();
        cacheFill.pipeInput("acme", new CacheFill("acme", "r1", leader.getCacheKey(), null, answer("r1"), leader.getSemantic()));
        assertThat(embedder.calls.get()).isEqualTo(1);

        send("r2", "what is a kafka partition leader");

        assertThat(responses.readValue().getCache().getOutcome()).isEqualTo(CacheOutcome.EXACT);
        assertThat(embedder.calls.get()).as("the exact hit was answered before any embedding").isEqualTo(1);
    }

    @Test
    void shouldNotEmbedAQuestionIdenticalToOneInFlight() {
        send("r1", "How do share groups hand out records?");
        send("r2", "How do share groups hand out records?");

        assertThat(routes.readValuesToList()).extracting(r -> r.getRequest().getRequestId()).containsExactly("r1");
        assertThat(embedder.calls.get()).as("r2 waits behind r1 with r1's stored vector").isEqualTo(1);
    }

    @Test
    void shouldFindInEveryLaneAParaphraseOfAQuestionAnotherLaneAnswered() {
        CountingEmbedder batchEmbedder = new CountingEmbedder(1);
        Lane batch = new Lane(Tier.BATCH, batchEmbedder);
        send("r1", "What is a Kafka partition leader?");
        RoutedRequest leader = routes.readValue();
        assertThat(leader.getSemantic()).as("the routed request carries its question for the other lanes").isNotNull();
        assertThat(leader.getSemantic().getText()).isEqualTo("What is a Kafka partition leader?");
        CacheFill fill = new CacheFill("acme", "r1", leader.getCacheKey(), null, answer("r1"), leader.getSemantic());
        // Every lane reads every answer on llm.cache-fill.
        cacheFill.pipeInput("acme", fill);
        batch.cacheFill.pipeInput("acme", fill);

        batch.send("r2", "Please explain the Kafka partition leader");

        LlmResponse answer = batch.responses.readValue();
        assertThat(answer.getRequestId()).isEqualTo("r2");
        assertThat(answer.getCache().getOutcome()).as("the batch lane never saw r1's request, only its answer").isEqualTo(CacheOutcome.SEMANTIC);
        assertThat(batch.routes.isEmpty()).isTrue();
        assertThat(batchEmbedder.calls.get()).as("the batch lane embedded only its own question, not r1's").isEqualTo(1);
    }

    @Test
    void shouldKeepAnAnswerFromAnotherModelsVectorsExactOnly() {
        Lane batch = new Lane(Tier.BATCH, new CountingEmbedder(1));
        send("r1", "What is a Kafka partition leader?");
        RoutedRequest leader = routes.readValue();
        var foreign = dev.switchboard.schemas.SemanticQuestion.newBuilder(leader.getSemantic()).setModel("another-model").build();
        batch.cacheFill.pipeInput("acme", new CacheFill("acme", "r1", leader.getCacheKey(), null, answer("r1"), foreign));

        batch.send("r2", "Please explain the Kafka partition leader");
        batch.send("r3", "What is a Kafka partition leader?");

        assertThat(batch.routes.readValuesToList()).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
        assertThat(batch.responses.readValue().getCache().getOutcome()).isEqualTo(CacheOutcome.EXACT);
    }

    @Test
    void shouldEmbedWaitingMissesInOneModelCallAndRouteThemInOrder() {
        CountingEmbedder batching = new CountingEmbedder(4);
        Lane batch = new Lane(Tier.BATCH, batching);
        batch.send("r1", "How do share groups hand out records?");
        batch.send("r2", "What does a transaction coordinator do?");
        batch.send("r3", "Why are consumer offsets committed?");
        assertThat(batch.routes.isEmpty()).as("the misses wait for the batch to fill").isTrue();

        batch.send("r4", "How do share groups hand out records?");

        assertThat(batch.routes.readValuesToList()).extracting(r -> r.getRequest().getRequestId()).containsExactly("r1", "r2", "r3");
        assertThat(batching.batches).as("one model call, each distinct question once").containsExactly(3);
        assertThat(batching.calls.get()).isZero();
    }

    @Test
    void shouldEmbedAPartBatchAtTheNextPunctuationAndAnswerExactHitsWithoutWaiting() {
        CountingEmbedder batching = new CountingEmbedder(4);
        Lane batch = new Lane(Tier.BATCH, batching);
        batch.send("r1", "What is a Kafka partition leader?");
        batch.driver.advanceWallClockTime(CacheLookupProcessor.BATCH_WAIT);
        RoutedRequest leader = batch.routes.readValue();
        batch.cacheFill.pipeInput("acme", new CacheFill("acme", "r1", leader.getCacheKey(), null, answer("r1"), leader.getSemantic()));

        batch.send("r2", "How do share groups hand out records?");
        batch.send("r3", "What is a Kafka partition leader?");

        LlmResponse exact = batch.responses.readValue();
        assertThat(exact.getRequestId()).as("an exact hit never waits for the embedder").isEqualTo("r3");
        assertThat(exact.getCache().getOutcome()).isEqualTo(CacheOutcome.EXACT);
        assertThat(batch.routes.isEmpty()).isTrue();
        batch.driver.advanceWallClockTime(CacheLookupProcessor.BATCH_WAIT);
        assertThat(batch.routes.readValuesToList()).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
        assertThat(batching.batches).containsExactly(1, 1);
    }

    @Test
    void shouldNotHoldBackInteractiveMisses() {
        Lane interactive = new Lane(Tier.INTERACTIVE, new CountingEmbedder(4));
        interactive.send("r1", "What is a Kafka partition leader?");
        assertThat(interactive.routes.readValuesToList()).hasSize(1);
    }

    private void send(String id, String question) {
        requests.pipeInput("acme", ("{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"tier\":\"standard\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static LlmResponse answer(String requestId) {
        return Responses.base(requestId, "acme", ResponseStatus.OK, START).setModel("sim/small").setProvider("simulator")
                .setContent("The broker that owns the partition.").setFinishReason("stop").setUsage(new Usage(10, 5, 0, 0))
                .setCost(Money.of("0.000003")).build();
    }

    /** Counts the texts it embeds one at a time, and the size of each batch. */
    private static final class CountingEmbedder implements Embedder {
        private final Embedder inner = new WordHashEmbedder();
        private final AtomicInteger calls = new AtomicInteger();
        private final List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final int batchSize;

        CountingEmbedder(int batchSize) {
            this.batchSize = batchSize;
        }

        @Override
        public float[] embed(String text) {
            calls.incrementAndGet();
            return inner.embed(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            batches.add(texts.size());
            return texts.stream().map(inner::embed).toList();
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public int dimensions() {
            return inner.dimensions();
        }

        @Override
        public String name() {
            return "counting";
        }
    }
}
