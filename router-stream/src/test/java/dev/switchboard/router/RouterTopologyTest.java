package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.route.ComplexityScorer;
import dev.switchboard.router.route.RoutingRules;
import dev.switchboard.router.cache.CacheLookupProcessor;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.CacheInvalidation;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.RecordLimits;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class RouterTopologyTest {
    private static final ModelCatalog CATALOG = ModelCatalog.loadDefault();
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://router-topology-test");
    private final RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24),
            Duration.ofMinutes(2), 10_000, new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of("sim/large"), Duration.ofHours(1), 0.8, 1.0, null),
            Map.of("restricted", new TenantPolicy(Set.of("sim/small"), "sim/small", "sim/large", List.of(), Duration.ofHours(1), 0.8, 1.0, null),
                    "thrifty", new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), 0.8, 1.0,
                            new RoutingRules(RoutingRules.Strategy.COST, List.of("sim/small", "sim/large"), 0.8, 0.5, "sim/large", null, true))),
            Map.of("sim/small", Map.of("general", 0.85, "code", 0.5), "sim/large", Map.of("general", 0.95, "code", 0.9)));

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, CacheFill> cacheFill;
    private TestOutputTopic<String, LlmResponse> responses;
    private TestOutputTopic<String, DeadLetter> dlq;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RouterTopology.build(config, CATALOG, serdes, Optional.of(new WordHashEmbedder())), props, START);
        requests = driver.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer(), START, Duration.ofMillis(1));
        cacheFill = driver.createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer(), START, Duration.ofMillis(1));
        responses = driver.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses());
        dlq = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), serdes.deadLetters());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldRouteValidRequestToItsModelsTopic() {
        send("acme", json("r1", "acme", "sim/large", "batch", "What is Kafka?"));

        List<RoutedRequest> routed = routed("sim/large", "batch");
        assertThat(routed).singleElement().satisfies(r -> {
            assertThat(r.getModel()).isEqualTo("sim/large");
            assertThat(r.getRequest().getRequestId()).isEqualTo("r1");
            assertThat(r.getCacheKey()).hasSize(64);
            assertThat(r.getBaselineModel()).isEqualTo("sim/large");
            assertThat(r.getFallbackModels()).isEmpty();
            assertThat(r.getRoute().getReason()).isEqualTo("requested model");
        });
        assertThat(responses.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldRouteAutoAndDisallowedModelsToTenantDefault() {
        send("acme", json("r1", "acme", "auto", "standard", "Hello"));
        send("restricted", json("r2", "restricted", "sim/large", "standard", "Hello"));

        List<RoutedRequest> routed = routed("sim/small", "standard");
        assertThat(routed).extracting(r -> r.getRequest().getRequestId()).containsExactly("r1", "r2");
        assertThat(routed.get(0).getFallbackModels()).containsExactly("sim/large");
        assertThat(routed.get(1).getRoute().getReason()).contains("not allowed");
        assertThat(routed("sim/large", "standard")).isEmpty();
    }

    @Test
    void shouldRouteAutoRequestsByTheTenantsCostStrategyWithACascade() {
        send("thrifty", json("r1", "thrifty", "auto", "standard", "Who wrote Hamlet?"));
        send("thrifty", json("r2", "thrifty", "auto", "standard", "Write a Python function that sorts a list"));

        RoutedRequest general = routed("sim/small", "standard").get(0);
        assertThat(general.getRoute().getStrategy()).isEqualTo("cost");
        assertThat(general.getEscalateTo()).as("a cheap answer that fails its check goes to the stronger model").isEqualTo("sim/large");
        RoutedRequest code = routed("sim/large", "standard").get(0);
        assertThat(code.getRequest().getRequestId()).isEqualTo("r2");
        assertThat(code.getRoute().getReason()).contains("code");
        assertThat(code.getEscalateTo()).isNull();
    }

    @Test
    void shouldRouteAutoRequestsByTheLearnedComplexityScore() {
        TenantPolicy byComplexity = new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), 0.8, 1.0,
                new RoutingRules(RoutingRules.Strategy.COMPLEXITY, List.of("sim/small", "sim/large"), 0, 0.5, null, null, false));
        RouterConfig complexityConfig = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000,
                byComplexity, Map.of(), Map.of());
        List<Boolean> reusedCacheVector = new java.util.ArrayList<>();
        ComplexityScorer longIsHard = new ComplexityScorer() {
            @Override
            public double strongNeed(String prompt) {
                return prompt.length() > 40 ? 0.9 : 0.1;
            }

            @Override
            public double strongNeed(String prompt, float[] embedding) {
                reusedCacheVector.add(embedding != null);
                return strongNeed(prompt);
            }

            @Override
            public double thresholdForStrongShare(double share) {
                return 1 - share;
            }
        };
        List<String> decisions = new java.util.ArrayList<>();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-complexity-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("complexity").toString());
        try (TopologyTestDriver complexity = new TopologyTestDriver(RouterTopology.build(complexityConfig, CATALOG, serdes, Optional.of(new WordHashEmbedder()),
                Optional.of(longIsHard), new RouterListeners((tenant, decision, tier) -> decisions.add(decision.model()),
                        dev.switchboard.router.governance.AdmissionListener.NONE, dev.switchboard.router.governance.GovernanceListener.NONE), Tier.STANDARD), props, START)) {
            TestInputTopic<String, byte[]> in = complexity.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer());
            in.pipeInput("acme", json("r1", "acme", "auto", "standard", "2+2?"));
            in.pipeInput("acme", json("r2", "acme", "auto", "standard", "Prove that there are infinitely many primes of the form 4k+3."));

            var small = complexity.createOutputTopic("llm.route.sim-small.standard", new StringDeserializer(), serdes.routed()).readValuesToList();
            var large = complexity.createOutputTopic("llm.route.sim-large.standard", new StringDeserializer(), serdes.routed()).readValuesToList();
            assertThat(small).extracting(r -> r.getRequest().getRequestId()).containsExactly("r1");
            assertThat(large).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
            assertThat(large.get(0).getRoute().getStrategy()).isEqualTo("complexity");
            assertThat(decisions).as("every decision reaches the metrics listener").containsExactly("sim/small", "sim/large");
            assertThat(reusedCacheVector).as("the semantic cache's embedding reaches the scorer: the prompt is not embedded twice")
                    .containsExactly(true, true);
        }
    }

    @Test
    void shouldNotRouteRepeatedRequestIdTwiceAndAnswerItOnceTheFirstAnswerExists() {
        byte[] request = json("r1", "acme", "sim/small", "standard", "Same id");
        send("acme", request);
        send("acme", request);

        List<RoutedRequest> routed = routed("sim/small", "standard");
        assertThat(routed).hasSize(1);
        assertThat(responses.isEmpty()).as("the repeat waits for the first answer").isTrue();

        fill(routed.get(0), okAnswer("r1", "acme", "The answer", "0.000012000000"));

        assertThat(responses.readValuesToList()).singleElement().satisfies(replay -> {
            assertThat(replay.getRequestId()).isEqualTo("r1");
            assertThat(replay.getContent()).isEqualTo("The answer");
            assertThat(replay.getMetadata()).containsEntry(DedupLedger.REPLAY_FLAG, "true");
        });

        send("acme", request);
        assertThat(responses.readValuesToList()).extracting(LlmResponse::getContent).containsExactly("The answer");
        assertThat(routed("sim/small", "standard")).isEmpty();
    }

    @Test
    void shouldTreatSameRequestIdOfAnotherTenantAsNewRequest() {
        send("acme", json("r1", "acme", "sim/small", "standard", "Hi"));
        send("globex", json("r1", "globex", "sim/small", "standard", "Hi"));

        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getTenant()).containsExactly("acme", "globex");
    }

    @Test
    void shouldAnswerExactRepeatFromCacheWithoutRouting() {
        send("acme", json("r1", "acme", "sim/small", "standard", "What  is\n Kafka?"));
        RoutedRequest first = routed("sim/small", "standard").get(0);
        fill(first, okAnswer("r1", "acme", "A log.", "0.000003000000"));

        send("acme", json("r2", "acme", "sim/small", "standard", "What is Kafka?  "));

        assertThat(routed("sim/small", "standard")).isEmpty();
        assertThat(responses.readValuesToList()).singleElement().satisfies(hit -> {
            assertThat(hit.getRequestId()).isEqualTo("r2");
            assertThat(hit.getStatus()).isEqualTo(ResponseStatus.OK);
            assertThat(hit.getContent()).isEqualTo("A log.");
            assertThat(hit.getCache().getOutcome()).isEqualTo(CacheOutcome.EXACT);
            assertThat(hit.getCache().getSourceRequestId()).isEqualTo("r1");
            assertThat(hit.getCache().getCostSaved()).isEqualTo(Money.of("0.000003"));
            assertThat(hit.getCost()).isEqualTo(Money.ZERO);
        });
        var usage = driver.createOutputTopic(Topics.USAGE, new StringDeserializer(), serdes.usage()).readValuesToList();
        assertThat(usage).as("the saving reaches the cost aggregator").singleElement().satisfies(u -> {
            assertThat(u.getCacheOutcome()).isEqualTo("EXACT");
            assertThat(u.getCostSaved()).isEqualTo(Money.of("0.000003"));
            assertThat(u.getCost()).isEqualTo(Money.ZERO);
        });
    }

    @Test
    void shouldMissCacheForDifferentTenantDifferentQuestionOrNoCache() {
        send("acme", json("r1", "acme", "sim/small", "standard", "What is Kafka?"));
        fill(routed("sim/small", "standard").get(0), okAnswer("r1", "acme", "A log.", "0.000003000000"));

        send("globex", json("r2", "globex", "sim/small", "standard", "What is Kafka?"));
        send("acme", json("r3", "acme", "sim/small", "standard", "What is Flink?"));
        send("acme", "{\"request_id\":\"r4\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"cache\":{\"no_cache\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What is Kafka?\"}]}");

        List<RoutedRequest> routed = routed("sim/small", "standard");
        assertThat(routed).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2", "r3", "r4");
        assertThat(routed.get(2).getCacheKey()).as("no_cache requests are not cached").isNull();
        assertThat(responses.isEmpty()).isTrue();
    }

    @Test
    void shouldMissCacheOnceTheEntryExpired() {
        send("acme", json("r1", "acme", "sim/small", "standard", "What is Kafka?"));
        fill(routed("sim/small", "standard").get(0), okAnswer("r1", "acme", "A log.", "0.000003000000"));

        driver.advanceWallClockTime(Duration.ofHours(1).plusSeconds(1));
        send("acme", json("r2", "acme", "sim/small", "standard", "What is Kafka?"));

        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
        assertThat(entries(CacheLookupProcessor.STORE)).as("the expired entry was purged").isZero();
    }

    @Test
    void shouldForgetANamespaceOnInvalidationAndKeepOthers() {
        String docs = "{\"request_id\":\"ID\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"cache\":{\"namespace\":\"docs\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What is Kafka?\"}]}";
        send("acme", docs.replace("ID", "d1"));
        fill(routed("sim/small", "standard").get(0), okAnswer("d1", "acme", "Old answer.", "0.000003000000"));
        send("acme", json("p1", "acme", "sim/small", "standard", "What is Kafka?"));
        fill(routed("sim/small", "standard").get(0), okAnswer("p1", "acme", "Default namespace answer.", "0.000003000000"));

        driver.createInputTopic(Topics.CACHE_CONTROL, new StringSerializer(), serdes.cacheInvalidations().serializer())
                .pipeInput("acme", new CacheInvalidation("acme", "docs", "docs were rewritten", START));
        send("acme", docs.replace("ID", "d2"));
        send("acme", json("p2", "acme", "sim/small", "standard", "What is Kafka?"));

        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("d2");
        assertThat(responses.readValuesToList()).extracting(LlmResponse::getRequestId).containsExactly("p2");
    }

    @Test
    void shouldNotCacheFailedAnswers() {
        send("acme", json("r1", "acme", "sim/small", "standard", "What is Kafka?"));
        LlmResponse failed = Responses.base("r1", "acme", ResponseStatus.FAILED, START).build();
        fill(routed("sim/small", "standard").get(0), failed);

        send("acme", json("r2", "acme", "sim/small", "standard", "What is Kafka?"));
        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
    }

    @Test
    void shouldAnswerAParaphraseFromTheSemanticCache() {
        answerFirst("r1", "acme", "What is a Kafka partition leader?", "The broker that owns a partition.");

        send("acme", json("r2", "acme", "sim/small", "standard", "Can you explain Kafka partition leader?"));

        assertThat(routed("sim/small", "standard")).isEmpty();
        assertThat(responses.readValuesToList()).singleElement().satisfies(hit -> {
            assertThat(hit.getCache().getOutcome()).isEqualTo(CacheOutcome.SEMANTIC);
            assertThat(hit.getCache().getSimilarity()).isGreaterThanOrEqualTo(0.8);
            assertThat(hit.getCache().getSourceRequestId()).isEqualTo("r1");
            assertThat(hit.getContent()).isEqualTo("The broker that owns a partition.");
            assertThat(hit.getCost()).isEqualTo(Money.ZERO);
        });
    }

    @Test
    void shouldMissForADifferentQuestionWithSharedWords() {
        answerFirst("r1", "acme", "What is the capital of France?", "Paris.");

        send("acme", json("r2", "acme", "sim/small", "standard", "What is the capital of Germany?"));
        send("acme", json("r3", "acme", "sim/small", "standard", "What is the population of France?"));

        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2", "r3");
        assertThat(responses.isEmpty()).isTrue();
    }

    @Test
    void shouldNeverHitAcrossTenantsOrSystemPrompts() {
        answerFirst("r1", "acme", "What is a Kafka partition leader?", "The broker that owns a partition.");

        send("globex", json("r2", "globex", "sim/small", "standard", "Can you explain Kafka partition leader?"));
        send("acme", ("{\"request_id\":\"r3\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Answer in French.\"},"
                + "{\"role\":\"user\",\"content\":\"What is a Kafka partition leader?\"}]}").getBytes(StandardCharsets.UTF_8));

        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2", "r3");
        assertThat(responses.isEmpty()).isTrue();
    }

    @Test
    void shouldMissSemanticallyOnceTheEntryExpired() {
        answerFirst("r1", "acme", "What is a Kafka partition leader?", "The broker that owns a partition.");

        driver.advanceWallClockTime(Duration.ofHours(1).plusSeconds(1));
        send("acme", json("r2", "acme", "sim/small", "standard", "Can you explain Kafka partition leader?"));

        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
        assertThat(entries(SemanticIndex.ENTRIES_STORE)).as("the expired entry was purged; r2's is pending").isEqualTo(1);
    }

    private long entries(String store) {
        long count = 0;
        try (var all = driver.getKeyValueStore(store).all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    private void answerFirst(String id, String tenant, String question, String answer) {
        send(tenant, json(id, tenant, "sim/small", "standard", question));
        RoutedRequest first = routed("sim/small", "standard").get(0);
        fill(first, okAnswer(id, tenant, answer, "0.000003000000"));
        assertThat(responses.isEmpty()).isTrue();
    }

    @Test
    void shouldAnswerIdenticalRequestsInFlightWithOneProviderCall() {
        for (int i = 1; i <= 5; i++) {
            send("acme", json("r" + i, "acme", "sim/small", "standard", "What is Kafka?"));
        }
        List<RoutedRequest> routed = routed("sim/small", "standard");
        assertThat(routed).extracting(r -> r.getRequest().getRequestId()).containsExactly("r1");
        assertThat(responses.isEmpty()).isTrue();

        fill(routed.get(0), okAnswer("r1", "acme", "A log.", "0.000003000000"));

        List<LlmResponse> answers = responses.readValuesToList();
        assertThat(answers).extracting(LlmResponse::getRequestId).containsExactly("r2", "r3", "r4", "r5");
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.getStatus()).isEqualTo(ResponseStatus.OK);
            assertThat(a.getContent()).isEqualTo("A log.");
            assertThat(a.getCache().getOutcome()).isEqualTo(CacheOutcome.COALESCED);
            assertThat(a.getCache().getSourceRequestId()).isEqualTo("r1");
            assertThat(a.getCache().getCostSaved()).isEqualTo(Money.of("0.000003"));
            assertThat(a.getCost()).isEqualTo(Money.ZERO);
        });
        assertThat(routed("sim/small", "standard")).isEmpty();
    }

    @Test
    void shouldRouteWaitersOnTheirOwnWhenTheFirstCallFails() {
        for (int i = 1; i <= 3; i++) {
            send("acme", json("r" + i, "acme", "sim/small", "standard", "What is Kafka?"));
        }
        RoutedRequest leader = routed("sim/small", "standard").get(0);

        fill(leader, Responses.base("r1", "acme", ResponseStatus.FAILED, START).build());

        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2", "r3");
        assertThat(responses.isEmpty()).as("waiters are not failed with the leader").isTrue();
    }

    @Test
    void shouldReleaseWaitersWhenTheLeaderNeverAnswers() {
        send("acme", json("r1", "acme", "sim/small", "standard", "What is Kafka?"));
        send("acme", json("r2", "acme", "sim/small", "standard", "What is Kafka?"));
        assertThat(routed("sim/small", "standard")).hasSize(1);

        driver.advanceWallClockTime(Duration.ofMinutes(2).plusSeconds(10));

        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
    }

    @Test
    void shouldRejectUnreadableRecordToDlqAndKeepFlowing() {
        send("acme", "not json at all".getBytes(StandardCharsets.UTF_8));
        send("acme", "{\"request_id\": \"r1\", \"tenant\": ".getBytes(StandardCharsets.UTF_8));
        send("acme", json("r2", "acme", "sim/small", "standard", "Still alive?"));

        List<LlmResponse> rejected = responses.readValuesToList();
        assertThat(rejected).hasSize(2).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(ResponseStatus.REJECTED);
            assertThat(r.getError().getCode()).isEqualTo("unreadable_record");
        });
        assertThat(rejected.get(0).getRequestId()).as("named by its position").startsWith("unreadable@llm.requests.standard-0-");
        assertThat(rejected.get(1).getRequestId()).as("request_id recovered from truncated JSON").isEqualTo("r1");
        List<DeadLetter> letters = dlq.readValuesToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).getSourceTopic()).isEqualTo(Topics.requests(Tier.STANDARD));
        assertThat(letters.get(0).getPayload()).as("bytes that do not read could hold a key that cannot be masked").isNull();
        assertThat(letters.get(0).getPayloadSize()).isEqualTo(15L);
        assertThat(StandardCharsets.UTF_8.decode(letters.get(1).getPayload()).toString()).as("the readable prefix").isEqualTo("{\"request_id\":\"r1\"");
        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
    }

    @Test
    void shouldBoundWhatARefusedRecordWritesHoweverLargeItIs() {
        byte[] huge = json("big", "acme", "sim/small", "standard", "x".repeat(1_040_000));
        send("acme", huge);
        send("acme", "{\"request_id\":\"" + "m".repeat(300_000) + "\",\"tenant\":\"acme\",\"metadata\":{\"pad\":\"" + "p".repeat(200_000)
                + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        send("acme", json("r2", "acme", "sim/small", "standard", "Still alive?"));

        List<LlmResponse> rejected = responses.readValuesToList();
        assertThat(rejected).extracting(r -> r.getError().getCode()).containsExactly("request_too_large", "invalid_request");
        assertThat(rejected).allSatisfy(r -> assertThat(serdes.responses().serialize(Topics.RESPONSES, r).length).isLessThan(4096));
        List<DeadLetter> letters = dlq.readValuesToList();
        assertThat(letters).hasSize(2);
        DeadLetter big = letters.get(0);
        assertThat(big.getPayloadSize()).isEqualTo(huge.length);
        assertThat(big.getPayloadSha256()).hasSize(64);
        assertThat(big.getPayload().remaining()).isEqualTo(RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES);
        assertThat(big.getPayloadNote()).startsWith("excerpt");
        assertThat(letters).allSatisfy(l -> assertThat(serdes.deadLetters().serialize(Topics.DLQ, l).length)
                .isLessThan(RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES + 4096));
        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r2");
    }

    @Test
    void shouldGiveEachKindOfMistakeOneCodeWhereverItIsFound() {
        send("acme", "{\"request_id\":\"num\",\"tenant\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        send("acme", "{\"request_id\":\"obj\",\"tenant\":{\"name\":\"acme\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        send("acme", "{\"request_id\":\"tier\",\"tenant\":\"acme\",\"tier\":\"urgent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        send("acme", "{\"request_id\":\"blank\",\"tenant\":\"acme\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}");
        send("acme", (byte[]) null);
        send("acme", "{\"request_id\":\"cut\",");

        List<LlmResponse> answers = responses.readValuesToList();
        assertThat(answers).extracting(r -> r.getError().getCode()).as("a wrong field is invalid_request, in JSON reading or in validation alike")
                .containsExactly("invalid_request", "invalid_request", "invalid_request", "invalid_request", "unreadable_record", "unreadable_record");
        assertThat(answers.get(0).getError().getMessage()).isEqualTo("tenant must be a string, not a number");
        assertThat(answers.get(0).getTenant()).as("a number is not taken as a tenant").isEqualTo("acme");
        assertThat(answers.get(1).getError().getMessage()).isEqualTo("tenant must be a string, not an object");
        LlmResponse tombstone = answers.get(4);
        assertThat(tombstone.getTenant()).as("a tombstone is answered for the tenant its key names").isEqualTo("acme");
        assertThat(tombstone.getRequestId()).startsWith("unreadable@" + Topics.requests(Tier.STANDARD) + "-0-");
        assertThat(routed("sim/small", "standard")).isEmpty();
    }

    @Test
    void shouldRejectUnknownModelToDlqAndKeepFlowing() {
        send("acme", json("r1", "acme", "no-such/model", "standard", "Hello"));
        send("acme", json("r2", "acme", "gpt-4o", "standard", "Hello"));
        send("acme", json("r3", "acme", "sim/small", "standard", "Hello"));

        List<LlmResponse> rejected = responses.readValuesToList();
        assertThat(rejected).extracting(r -> r.getError().getCode()).containsExactly("unknown_model", "model_unavailable");
        assertThat(rejected.get(0).getRequestId()).isEqualTo("r1");
        assertThat(dlq.readValuesToList()).extracting(DeadLetter::getReasonCode).containsExactly("unknown_model", "model_unavailable");
        assertThat(routed("sim/small", "standard")).extracting(r -> r.getRequest().getRequestId()).containsExactly("r3");
    }

    @Test
    void shouldRejectOversizedPromptAndInvalidReplyTo() {
        send("acme", json("r1", "acme", "sim/small", "standard", "x".repeat(10_001)));
        send("acme", "{\"request_id\":\"r2\",\"tenant\":\"acme\",\"reply_to\":\"llm.requests\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        send("acme", "{\"request_id\":\"r3\",\"tenant\":\"acme\",\"reply_to\":\"llm.replies.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        send("acme", "{\"request_id\":\"r4\",\"tenant\":\"acme\",\"reply_to\":\"llm.replies.gateway-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(responses.readValuesToList()).extracting(r -> r.getError().getCode())
                .containsExactly("prompt_too_large", "invalid_request", "invalid_request");
        assertThat(dlq.readValuesToList()).hasSize(3);
        assertThat(routed("sim/small", "standard")).as("a reply topic of the llm.replies. family is the caller's own")
                .extracting(r -> r.getRequest().getReplyTo()).containsExactly("llm.replies.gateway-1");
    }

    @Test
    void shouldAnswerExpiredWithoutRouting() {
        send("acme", "{\"request_id\":\"r1\",\"tenant\":\"acme\",\"deadline\":\"2026-11-25T09:00:00Z\",\"messages\":[{\"role\":\"user\",\"content\":\"late\"}]}");

        assertThat(responses.readValuesToList()).singleElement().satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.EXPIRED));
        assertThat(routed("sim/small", "standard")).isEmpty();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldRekeyRecordNotKeyedByItsTenant() {
        TestOutputTopic<String, byte[]> rekeyed = driver.createOutputTopic(Topics.requests(Tier.STANDARD), new StringDeserializer(), new ByteArrayDeserializer());
        send(null, json("r1", "acme", "sim/small", "standard", "no key"));

        TestRecord<String, byte[]> record = rekeyed.readRecord();
        assertThat(record.key()).isEqualTo("acme");
        // The driver feeds the lane's topic back in, as the broker would: routed once, from the tenant's partition.
        var routed = driver.createOutputTopic("llm.route.sim-small.standard", new StringDeserializer(), serdes.routed()).readRecordsToList();
        assertThat(routed).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("acme"));
    }

    @Test
    void shouldReplyToTheRequestsOwnTopic() {
        TestOutputTopic<String, LlmResponse> own = driver.createOutputTopic("team-a.answers", new StringDeserializer(), serdes.responses());
        send("acme", "{\"request_id\":\"r1\",\"tenant\":\"acme\",\"model\":\"nope\",\"reply_to\":\"team-a.answers\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(own.readValuesToList()).extracting(LlmResponse::getRequestId).containsExactly("r1");
        assertThat(responses.isEmpty()).isTrue();
    }

    private void send(String key, byte[] value) {
        requests.pipeInput(key, value);
    }

    private void send(String key, String value) {
        send(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private List<RoutedRequest> routed(String model, String tier) {
        return driver.createOutputTopic("llm.route." + model.replace('/', '-') + "." + tier, new StringDeserializer(), serdes.routed()).readValuesToList();
    }

    private void fill(RoutedRequest routed, LlmResponse answer) {
        cacheFill.pipeInput(routed.getRequest().getTenant(),
                new CacheFill(routed.getRequest().getTenant(), routed.getRequest().getRequestId(), routed.getCacheKey(), null, answer, routed.getSemantic()));
    }

    private static LlmResponse okAnswer(String requestId, String tenant, String content, String cost) {
        return Responses.base(requestId, tenant, ResponseStatus.OK, START)
                .setModel("sim/small").setProvider("simulator").setContent(content).setFinishReason("stop")
                .setUsage(new Usage(10, 5, 0, 0)).setCost(Money.of(cost)).build();
    }

    private static byte[] json(String id, String tenant, String model, String tier, String question) {
        return ("{\"request_id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"model\":\"" + model + "\",\"tier\":\"" + tier
                + "\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(question) + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
