package dev.switchboard.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.router.RouterConfig;
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
    private final CountingEmbedder embedder = new CountingEmbedder();
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, CacheFill> cacheFill;
    private TestOutputTopic<String, LlmResponse> responses;
    private TestOutputTopic<String, RoutedRequest> routes;

    @BeforeEach
    void startDriver() {
        TenantPolicy policy = new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), 0.8, 1.0, null);
        RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000, policy, Map.of(),
                Map.of());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cache-lookup-embedding-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RouterTopology.build(config, ModelCatalog.loadDefault(), serdes, Optional.of(embedder)), props, START);
        requests = driver.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer(), START, Duration.ofMillis(1));
        cacheFill = driver.createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer(), START, Duration.ofMillis(1));
        responses = driver.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses());
        routes = driver.createOutputTopic(Topics.route("sim/small", Tier.STANDARD), new StringDeserializer(), serdes.routed());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
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

    private void send(String id, String question) {
        requests.pipeInput("acme", ("{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"tier\":\"standard\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static LlmResponse answer(String requestId) {
        return Responses.base(requestId, "acme", ResponseStatus.OK, START).setModel("sim/small").setProvider("simulator")
                .setContent("The broker that owns the partition.").setFinishReason("stop").setUsage(new Usage(10, 5, 0, 0))
                .setCost(Money.of("0.000003")).build();
    }

    /** Counts the texts it embeds. */
    private static final class CountingEmbedder implements Embedder {
        private final Embedder inner = new WordHashEmbedder();
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public float[] embed(String text) {
            calls.incrementAndGet();
            return inner.embed(text);
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
