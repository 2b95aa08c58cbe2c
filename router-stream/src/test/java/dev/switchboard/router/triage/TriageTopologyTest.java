package dev.switchboard.router.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.route.RoutingRules;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RecordLimits;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriageTopologyTest {
    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://triage-test");
    private final RouterConfig config = new RouterConfig(List.of("sim/small"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000,
            new TenantPolicy(Set.of(), "sim/small", "sim/small", List.of(), Duration.ofHours(1), 0.0, 1.0, null),
            Map.of("nightly", new TenantPolicy(Set.of(), "sim/small", "sim/small", List.of(), Duration.ofHours(1), 0.0, 1.0,
                    new RoutingRules(RoutingRules.Strategy.STATIC, List.of(), 0.8, 0.5, null, null, false, null, null, Tier.BATCH, null))),
            Map.of());

    @TempDir
    Path stateDir;

    @Test
    void shouldSendEachRequestToItsTiersLaneKeyedByItsTenantAndTheUnreadableToStandard() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "triage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(TriageTopology.build(config, ModelCatalog.loadDefault(), serdes), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.REQUESTS, new StringSerializer(), new ByteArraySerializer());
            in.pipeInput(null, json("i1", "acme", "interactive"));
            in.pipeInput("acme", json("b1", "acme", "batch"));
            in.pipeInput("acme", json("s1", "acme", null));
            in.pipeInput("nightly", json("n1", "nightly", null));
            in.pipeInput("nightly", json("n2", "nightly", "interactive"));
            in.pipeInput("acme", "not json".getBytes(StandardCharsets.UTF_8));

            assertThat(records(driver, Tier.INTERACTIVE)).extracting(TestRecord::key).containsExactly("acme", "nightly");
            assertThat(records(driver, Tier.BATCH)).as("a tier the request leaves open is the tenant's default")
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).satisfiesExactly(
                            b -> assertThat(b).contains("\"b1\""), n -> assertThat(n).contains("\"n1\""));
            List<TestRecord<String, byte[]>> standard = records(driver, Tier.STANDARD);
            assertThat(standard).hasSize(2);
            assertThat(new String(standard.get(1).value(), StandardCharsets.UTF_8)).as("passed on unchanged").isEqualTo("not json");
        }
    }

    @Test
    void shouldRefuseARecordTooLargeToPassOnInsteadOfWritingItToALane() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "triage-oversized-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(TriageTopology.build(config, ModelCatalog.loadDefault(), serdes), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.REQUESTS, new StringSerializer(), new ByteArraySerializer());
            String prompt = "x".repeat(RecordLimits.MAX_REQUEST_BYTES);
            in.pipeInput("acme", ("{\"request_id\":\"huge\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"tier\":\"interactive\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8));
            in.pipeInput("acme", json("after", "acme", "interactive"));

            assertThat(records(driver, Tier.INTERACTIVE)).extracting(TestRecord::value)
                    .singleElement().satisfies(v -> assertThat(new String(v, StandardCharsets.UTF_8)).contains("\"after\""));
            List<LlmResponse> refused = driver.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses().deserializer())
                    .readValuesToList();
            assertThat(refused).singleElement().satisfies(r -> {
                assertThat(r.getRequestId()).isEqualTo("huge");
                assertThat(r.getError().getCode()).isEqualTo("request_too_large");
            });
            DeadLetter letter = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), serdes.deadLetters().deserializer()).readValue();
            assertThat(letter.getPayloadSize()).isGreaterThan((long) RecordLimits.MAX_REQUEST_BYTES);
            assertThat(letter.getPayload().remaining()).isLessThanOrEqualTo(RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES);
        }
    }

    @Test
    void shouldNameItsProcessorAndSinksAndHoldNoState() {
        TopologyDescription description = TriageTopology.build(config, ModelCatalog.loadDefault(), serdes).describe();
        String text = description.toString();
        assertThat(text).contains(TriageTopology.REQUESTS_SOURCE, TriageTopology.TRIAGE, TriageTopology.laneSink(Tier.INTERACTIVE),
                TriageTopology.laneSink(Tier.STANDARD), TriageTopology.laneSink(Tier.BATCH)).doesNotContain("KSTREAM-");
        assertThat(description.subtopologies()).singleElement().satisfies(s -> s.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor processor) {
                assertThat(processor.stores()).isEmpty();
            }
        }));
    }

    private static List<TestRecord<String, byte[]>> records(TopologyTestDriver driver, Tier tier) {
        return driver.createOutputTopic(Topics.requests(tier), new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }

    private static byte[] json(String id, String tenant, String tier) {
        return ("{\"request_id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"model\":\"sim/small\"" + (tier == null ? "" : ",\"tier\":\"" + tier + "\"")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
