package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.launcher.demo.ResponseCollector;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A burst of identical requests on the embedded broker reaches the provider once; every request is answered. */
class CoalescingEndToEndTest {
    private static final int BURST = 50;

    @Test
    void shouldCallTheProviderOnceForABurstOfIdenticalRequests() {
        try (SwitchboardSystem system = SwitchboardSystem.start(PipelineContract.fastDefaults(), EnumSet.allOf(Component.class));
             ResponseCollector collector = new ResponseCollector(system.bootstrapServers(), system.serdes())) {
            Properties props = new Properties();
            props.put("bootstrap.servers", system.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < BURST; i++) {
                    String json = "{\"request_id\":\"burst-" + i + "\",\"tenant\":\"acme\",\"model\":\"sim/large\","
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Summarise the CAP theorem.\"}]}";
                    producer.send(new ProducerRecord<>(Topics.REQUESTS, "acme", json.getBytes(StandardCharsets.UTF_8)));
                }
            }

            List<LlmResponse> answers = collector.awaitUntil(r -> r.size() >= BURST, Duration.ofSeconds(90));

            assertThat(answers).hasSize(BURST).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(ResponseStatus.OK));
            assertThat(answers.stream().map(LlmResponse::getRequestId).distinct()).hasSize(BURST);
            Map<CacheOutcome, Long> outcomes = answers.stream().collect(Collectors.groupingBy(a -> a.getCache().getOutcome(), Collectors.counting()));
            assertThat(outcomes.get(CacheOutcome.MISS)).isEqualTo(1L);
            assertThat(outcomes.getOrDefault(CacheOutcome.COALESCED, 0L) + outcomes.getOrDefault(CacheOutcome.EXACT, 0L)).isEqualTo(BURST - 1);
            assertThat(answers.stream().map(LlmResponse::getContent).distinct()).hasSize(1);
            assertThat(system.simulator().orElseThrow().stats().requestsReceived()).isEqualTo(1);
        }
    }
}
