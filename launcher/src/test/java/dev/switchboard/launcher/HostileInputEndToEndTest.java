package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random JSON, random bytes and random-but-valid requests, many carrying virtual keys, produced to {@code llm.requests}
 * of the whole embedded system (router, workers, simulated provider). Every valid request gets exactly one terminal
 * answer; every record the router cannot read gets exactly one dead letter; the router keeps running; and no key
 * appears in any topic the system writes. A property test without a library: each repetition draws a batch from a
 * seeded {@link Random}, the run's seed is in every failure message, and the runtime is bounded by {@link #TRIES} and
 * the batch size.
 */
class HostileInputEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Batches per run, each of 1 to 10 records: bounds the runtime. */
    private static final int TRIES = 12;
    private static final String SEED_PROPERTY = "switchboard.hostile.seed";
    /** A new seed per run unless given, so runs explore new inputs; a failure names the seed that replays it. */
    private static final long SEED = Long.getLong(SEED_PROPERTY, new Random().nextLong());
    /** Topics Switchboard writes; the request topics (llm.requests and the lanes') carry the producers' own bytes. */
    private static final Pattern OUTPUTS = Pattern.compile("llm\\.(responses|dlq|usage|cache-fill|spend|alerts|route\\..*)");
    private static SwitchboardSystem system;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> outputs;
    /** Everything read so far: answers by request id, dead letters by the SHA-256 of the record they stand for, and every key sent. */
    private static final Map<String, Integer> answers = new HashMap<>();
    private static final Map<String, Integer> deadLetters = new HashMap<>();
    /** Dead letters expected so far: the same random bytes may come up in two tries. */
    private static final Map<String, Integer> lettersExpected = new HashMap<>();
    private static final Set<String> keysSent = new HashSet<>();
    private static final List<String> leaks = new ArrayList<>();

    @BeforeAll
    static void start() {
        system = SwitchboardSystem.start(PipelineContract.fastDefaults(), EnumSet.of(Component.ROUTER, Component.WORKER));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "hostile-input-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000"); // route topics appear as models are used
        outputs = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        outputs.subscribe(OUTPUTS);
    }

    @AfterAll
    static void stop() {
        if (outputs != null) {
            outputs.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @RepeatedTest(TRIES)
    void everyRecordGetsOneAnswerOrOneDeadLetterAndNoKeyLeaks(RepetitionInfo repetition) throws Exception {
        long seed = SEED + repetition.getCurrentRepetition();
        List<Input> batch = batch(new Random(seed));
        String replay = " (batch of seed " + seed + "; -D" + SEED_PROPERTY + "=" + SEED + " replays the run)";
        Map<String, Integer> expectedAnswers = new HashMap<>();
        Map<String, Integer> expectedLetters = new HashMap<>();
        for (Input input : batch) {
            for (String key : input.keys()) {
                keysSent.add(key);
                keysSent.add(escaped(key).substring(1, escaped(key).length() - 1)); // a key written back in \\u escapes leaks too
            }
            producer.send(new ProducerRecord<>(Topics.REQUESTS, input.recordKey(), input.bytes())).get();
            if (input.requestId() != null) {
                expectedAnswers.merge(input.requestId(), 1, Integer::sum);
            } else {
                String sha = sha256(input.bytes());
                expectedLetters.put(sha, lettersExpected.merge(sha, 1, Integer::sum));
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(reached(answers, expectedAnswers) && reached(deadLetters, expectedLetters)) && System.nanoTime() < deadline) {
            readOutputs(Duration.ofMillis(200));
        }
        readOutputs(Duration.ofMillis(500)); // a second answer or letter would be written in the same transactions

        expectedAnswers.forEach((id, count) -> assertThat(answers.get(id)).as("terminal answers to " + id + replay).isEqualTo(count));
        expectedLetters.forEach((sha, count) -> assertThat(deadLetters.get(sha)).as("dead letters of a record with SHA-256 " + sha + replay).isEqualTo(count));
        assertThat(leaks).as("outputs that carried a virtual key" + replay).isEmpty();
        system.router().orElseThrow().streams().forEach(streams -> assertThat(streams.state())
                .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING));
    }

    private static boolean reached(Map<String, Integer> seen, Map<String, Integer> expected) {
        return expected.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), 0) >= e.getValue());
    }

    private static void readOutputs(Duration poll) {
        for (ConsumerRecord<String, byte[]> record : outputs.poll(poll)) {
            String text = new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.ISO_8859_1);
            keysSent.stream().filter(text::contains).forEach(key -> leaks.add(record.topic() + "@" + record.offset()));
            if (record.topic().equals(Topics.RESPONSES)) {
                LlmResponse answer = system.serdes().responses().deserializer().deserialize(record.topic(), record.value());
                answers.merge(answer.getRequestId(), 1, Integer::sum);
            } else if (record.topic().equals(Topics.DLQ)) {
                DeadLetter letter = system.serdes().deadLetters().deserializer().deserialize(record.topic(), record.value());
                if (letter.getPayloadSha256() != null) {
                    deadLetters.merge(letter.getPayloadSha256(), 1, Integer::sum);
                }
            }
        }
    }

    /**
     * One record for llm.requests.
     *
     * @param requestId set for a valid request (answered once by id); null for one the router cannot read (one dead letter)
     */
    record Input(String recordKey, byte[] bytes, String requestId, List<String> keys) {
    }

    /** One batch: 1 to 10 records of the four kinds, drawn from {@code random}. */
    private static List<Input> batch(Random random) {
        List<Input> batch = new ArrayList<>();
        int size = 1 + random.nextInt(10);
        for (int i = 0; i < size; i++) {
            batch.add(switch (random.nextInt(4)) {
                case 0 -> validRequest(random);
                case 1 -> randomJson(random);
                case 2 -> randomBytes(random);
                default -> cutOffRequest(random);
            });
        }
        return batch;
    }

    /** A valid request, with a key that is not issued (refused with invalid_key) or none (answered). */
    private static Input validRequest(Random random) {
        String tenant = List.of("acme", "globex", "initech").get(random.nextInt(3));
        String tier = random.nextBoolean() ? "interactive" : "standard"; // batch waits for the simulated batch API
        String id = "prop-" + UUID.randomUUID();
        String key = random.nextBoolean() ? newKey() : null;
        String json = "{\"request_id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"model\":\"sim/small\",\"tier\":\"" + tier + "\","
                + (key == null ? "" : "\"api_key\":\"" + key + "\",")
                + "\"messages\":[{\"role\":\"user\",\"content\":" + jsonString(text(random, 1, 200) + " " + id) + "}]}";
        return new Input(tenant, json.getBytes(StandardCharsets.UTF_8), id, key == null ? List.of() : List.of(key));
    }

    /** A JSON object of random fields, often with a key (written plainly or in \\u escapes); never a valid request. */
    private static Input randomJson(Random random) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(7);
        for (int i = 0; i < fields; i++) {
            String value = switch (random.nextInt(3)) {
                case 0 -> jsonString(anyText(random, 40));
                case 1 -> String.valueOf(random.nextInt());
                default -> List.of("null", "true", "[]", "{}", "[1,{\"a\":null}]").get(random.nextInt(5));
            };
            json.append(jsonString("f" + text(random, 1, 12))).append(':').append(value).append(',');
        }
        int keyStyle = random.nextInt(3);
        String key = keyStyle == 0 ? null : newKey();
        if (key != null) {
            json.append("\"api_key\":").append(keyStyle == 1 ? jsonString(key) : escaped(key)).append(',');
        }
        json.append("\"model\":7}"); // a model that is not a string: never a valid request
        return new Input("acme", json.toString().getBytes(StandardCharsets.UTF_8), null, key == null ? List.of() : List.of(key));
    }

    /** Bytes of any kind, sometimes with a key inside. */
    private static Input randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
            return new Input(null, bytes, null, List.of());
        }
        String key = newKey();
        byte[] keyed = (new String(bytes, StandardCharsets.ISO_8859_1) + key).getBytes(StandardCharsets.ISO_8859_1);
        return new Input("globex", keyed, null, List.of(key));
    }

    /** A keyed request cut off anywhere after its key: unreadable, and the key must not leak. */
    private static Input cutOffRequest(Random random) {
        String key = newKey();
        String json = "{\"tenant\":\"acme\",\"api_key\":\"" + key + "\",\"model\":\"sim/small\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        int cut = Math.min(json.length() - 1, json.indexOf(key) + key.length() + 1 + random.nextInt(41));
        return new Input("acme", json.substring(0, cut).getBytes(StandardCharsets.UTF_8), null, List.of(key));
    }

    /** Printable ASCII of a length in [min, max]. */
    private static String text(Random random, int min, int max) {
        char[] chars = new char[min + random.nextInt(max - min + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (' ' + random.nextInt(95));
        }
        return new String(chars);
    }

    /** Any UTF-16 code units below U+D800 (controls, quotes and backslashes included), up to {@code max}. */
    private static String anyText(Random random, int max) {
        char[] chars = new char[random.nextInt(max + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(0xD800);
        }
        return new String(chars);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newKey() {
        return "sk-sb-" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
    }

    private static String escaped(String key) {
        StringBuilder out = new StringBuilder("\"");
        key.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.append('"').toString();
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
