package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.cache.bound.CacheBoundGate;
import dev.switchboard.router.cache.bound.CacheBoundProcessor;
import dev.switchboard.router.cache.bound.CacheBoundTopology;
import dev.switchboard.router.cache.bound.ScoreScale;
import dev.switchboard.router.cache.bound.Verdict;
import dev.switchboard.router.cache.bound.VerifyTag;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.schemas.CacheBound;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.VerifiedAnswer;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
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

/**
 * A lane and the tenant's cache-bound controller, wired through their topics by hand: would-be semantic hits are
 * verified against a provider topic, the compared answer reaches the controller, and the cut it publishes changes
 * what the lane serves next.
 */
class CacheBoundLaneTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final String QUESTION = "What is a Kafka partition leader?";
    private static final String PARAPHRASE = "Can you explain the Kafka partition leader role?";
    private static final String CACHED = "The broker that owns a partition and serves its reads and writes.";

    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://cache-bound-lane-test");
    private final RouterConfig config = new RouterConfig(List.of("sim/small"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000,
            new TenantPolicy(Set.of(), "sim/small", "sim/small", List.of(), Duration.ofHours(1), 0.8, 1.0, null), Map.of(), Map.of());

    @TempDir
    Path stateDir;
    private TopologyTestDriver lane;
    private TopologyTestDriver owner;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, CacheFill> fills;
    private TestOutputTopic<String, LlmResponse> responses;
    private TestOutputTopic<String, RoutedRequest> routes;
    private TestOutputTopic<String, Verdict> verdicts;

    @BeforeEach
    void start() {
        lane = new TopologyTestDriver(RouterTopology.build(config, ModelCatalog.loadDefault(), serdes, Optional.of(new WordHashEmbedder())),
                props("lane"), START);
        owner = new TopologyTestDriver(CacheBoundTopology.build(serdes, ScoreScale.COSINE, state -> { }), props("owner"), START);
        requests = lane.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer(), START, Duration.ofMillis(1));
        fills = lane.createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer(), START, Duration.ofMillis(1));
        responses = lane.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses());
        routes = lane.createOutputTopic(Topics.route("sim/small", Tier.STANDARD), new StringDeserializer(), serdes.routed());
        verdicts = lane.createOutputTopic(Topics.CACHE_VERDICTS, new StringDeserializer(), Verdict.SERDE.deserializer());
    }

    @AfterEach
    void close() {
        lane.close();
        owner.close();
    }

    @Test
    void shouldVerifyAWouldBeHitServeTheCachedAnswerAndRaiseTheCutWhenTheAnswersDiffer() {
        policy(1.0, VerifiedAnswer.CACHED);
        answerFirst("r1", QUESTION, CACHED);

        ask("r2", PARAPHRASE);

        assertThat(responses.readValuesToList()).singleElement().satisfies(hit -> {
            assertThat(hit.getRequestId()).isEqualTo("r2");
            assertThat(hit.getCache().getOutcome()).isEqualTo(CacheOutcome.SEMANTIC);
            assertThat(hit.getContent()).isEqualTo(CACHED);
        });
        RoutedRequest call = routes.readValuesToList().get(0);
        assertThat(call.getRequest().getRequestId()).as("a second call, so the caller's request is answered once").isEqualTo("r2" + VerifyTag.CALL_SUFFIX);
        assertThat(call.getRequest().getReplyTo()).isEqualTo(Topics.CACHE_VERIFY_REPLIES);
        assertThat(call.getRequest().getAttribution()).as("charged to whoever asked").isNotNull();
        VerifyTag tag = VerifyTag.of(call.getRequest().getMetadata()).orElseThrow();
        assertThat(tag.paid()).isTrue();
        assertThat(tag.lane()).isEqualTo("standard");

        fill(call, "A Kafka partition leader is elected by the controller among the in-sync replicas after a failure.");

        List<Verdict> reported = verdicts.readValuesToList();
        assertThat(reported).extracting(Verdict::kind).containsExactly(Verdict.Kind.CANDIDATE, Verdict.Kind.OUTCOME);
        assertThat(reported.get(0).served()).isTrue();
        assertThat(reported.get(1).same()).as("the fresh answer says something else").isFalse();
        assertThat(reported.get(1).paid()).isTrue();

        CacheBoundState published = toOwner(reported);
        assertThat(published.getVerifications()).isEqualTo(1);
        assertThat(published.getFalseHits()).isEqualTo(1);
        assertThat(published.getCut()).as("one wrong answer at this score is far above a 2% target").isGreaterThan(tag.score());
        assertThat(owner.getKeyValueStore(CacheBoundProcessor.STORE).get("acme")).isNotNull();

        lane.createInputTopic(Topics.CACHE_BOUNDS, new StringSerializer(), serdes.avro(CacheBoundState.class).serializer()).pipeInput("acme", published);
        ask("r3", PARAPHRASE);

        assertThat(responses.isEmpty()).as("below the published cut: not served").isTrue();
        RoutedRequest routedOn = routes.readValuesToList().get(0);
        assertThat(routedOn.getRequest().getRequestId()).isEqualTo("r3");
        assertThat(VerifyTag.of(routedOn.getRequest().getMetadata())).as("its fresh answer is compared at no extra call")
                .hasValueSatisfying(t -> assertThat(t.paid()).isFalse());
        assertThat(verdicts.readValuesToList()).singleElement().satisfies(v -> assertThat(v.served()).isFalse());
    }

    @Test
    void shouldServeTheFreshAnswerWhenTheTenantAsksForIt() {
        policy(1.0, VerifiedAnswer.FRESH);
        answerFirst("r1", QUESTION, CACHED);

        ask("r2", PARAPHRASE);

        assertThat(responses.isEmpty()).isTrue();
        RoutedRequest routed = routes.readValuesToList().get(0);
        assertThat(routed.getRequest().getRequestId()).isEqualTo("r2");
        assertThat(VerifyTag.of(routed.getRequest().getMetadata())).hasValueSatisfying(t -> assertThat(t.paid()).isTrue());

        fill(routed, CACHED);
        List<Verdict> reported = verdicts.readValuesToList();
        assertThat(reported.get(1).same()).isTrue();
        assertThat(toOwner(reported).getFalseHits()).isZero();
    }

    @Test
    void shouldVerifyNothingAndReportNothingWithoutABound() {
        answerFirst("r1", QUESTION, CACHED);
        ask("r2", PARAPHRASE);

        assertThat(responses.readValuesToList()).singleElement().satisfies(hit -> assertThat(hit.getCache().getOutcome()).isEqualTo(CacheOutcome.SEMANTIC));
        assertThat(routes.isEmpty()).isTrue();
        assertThat(verdicts.isEmpty()).isTrue();
    }

    @Test
    void shouldVerifyAboutTheConfiguredShareOfHits() {
        policy(0.25, VerifiedAnswer.CACHED);
        answerFirst("r1", QUESTION, CACHED);
        for (int i = 0; i < 400; i++) {
            ask("q" + i, PARAPHRASE);
        }

        long calls = routes.readValuesToList().stream().filter(r -> r.getRequest().getRequestId().endsWith(VerifyTag.CALL_SUFFIX)).count();
        assertThat(responses.readValuesToList()).hasSize(400);
        assertThat(calls).as("a quarter of 400 hits, drawn from the request ids").isBetween(70L, 130L);
    }

    private void policy(double verifyFraction, VerifiedAnswer serve) {
        GovernancePolicy policy = GovernancePolicy.newBuilder(Governance.open("acme")).setCacheBound(new CacheBound(0.02, verifyFraction, serve)).build();
        lane.createInputTopic(Topics.POLICIES, new StringSerializer(), serdes.policies().serializer()).pipeInput("acme", policy);
        owner.createInputTopic(Topics.POLICIES, new StringSerializer(), serdes.policies().serializer()).pipeInput("acme", policy);
    }

    private CacheBoundState toOwner(List<Verdict> reported) {
        TestInputTopic<String, Verdict> in = owner.createInputTopic(Topics.CACHE_VERDICTS, new StringSerializer(), Verdict.SERDE.serializer());
        reported.forEach(v -> in.pipeInput(v.tenant(), v));
        List<CacheBoundState> published = owner.createOutputTopic(Topics.CACHE_BOUNDS, new StringDeserializer(),
                serdes.avro(CacheBoundState.class).deserializer()).readValuesToList();
        assertThat(published).as("an outcome is published at once").isNotEmpty();
        return published.get(published.size() - 1);
    }

    private void answerFirst(String id, String question, String answer) {
        ask(id, question);
        fill(routes.readValuesToList().get(0), answer);
        verdicts.readValuesToList();
    }

    private void ask(String id, String question) {
        requests.pipeInput("acme", ("{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + question + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    /** As a worker answers: the request's metadata copied onto the answer. */
    private void fill(RoutedRequest routed, String content) {
        LlmResponse answer = Responses.base(routed.getRequest().getRequestId(), "acme", ResponseStatus.OK, START)
                .setModel("sim/small").setProvider("simulator").setContent(content).setFinishReason("stop")
                .setUsage(new Usage(10, 5, 0, 0)).setCost(Money.of("0.000003000000"))
                .setMetadata(new HashMap<>(routed.getRequest().getMetadata())).build();
        fills.pipeInput("acme", new CacheFill("acme", routed.getRequest().getRequestId(), routed.getCacheKey(), null, answer, routed.getSemantic()));
    }

    private Properties props(String app) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cache-bound-" + app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(app).toString());
        return props;
    }
}
