package dev.switchboard.router.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on real RocksDB stores (held by a TopologyTestDriver), with hand-made vectors. */
class SemanticIndexTest {
    private static final int DIMENSIONS = 64;
    private static final double THRESHOLD = 0.9;
    private static final String SCOPE = "a".repeat(64);
    private static final long LIFE = 3_600_000;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private SemanticIndex index;
    private final Random random = new Random(3);

    @BeforeEach
    void openStores() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "semantic-index-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(storesOnly(), props);
        KeyValueStore<Bytes, byte[]> buckets = driver.getKeyValueStore(SemanticIndex.BUCKETS_STORE);
        KeyValueStore<String, byte[]> entries = driver.getKeyValueStore(SemanticIndex.ENTRIES_STORE);
        index = new SemanticIndex(buckets, entries, DIMENSIONS);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldExamineABoundedNumberOfCandidatesWhenAThousandsShareATemplate() {
        float[] template = randomUnit();
        for (int n = 0; n < 3_000; n++) {
            store(key(n), near(template, 0.01), "Question " + n + " of run 1: how many legs does animal number 7 have?", LIFE + n);
        }

        SemanticIndex.Lookup lookup = index.lookup(SCOPE, index.question("Question 99999 of run 1: how many legs does animal number 7 have?",
                near(template, 0.01)), THRESHOLD, 0);

        assertThat(lookup.examined()).isPositive().isLessThanOrEqualTo(SemanticIndex.MAX_EXAMINED);
        assertThat(lookup.scanned()).isPositive().isLessThanOrEqualTo(SemanticIndex.MAX_SCANNED);
        assertThat(lookup.match()).as("every stored question asks about another number").isEmpty();
    }

    @Test
    void shouldFindAnOldParaphraseHiddenBehindNewerQuestionsOfTheSameTemplate() {
        float[] template = randomUnit();
        store(key(-1), near(template, 0.01), "Question 5 of run 2: how many legs does animal number 7 have?", LIFE);
        for (int n = 100; n < 2_100; n++) {
            store(key(n), near(template, 0.01), "Question " + n + " of run 2: how many legs does animal number 7 have?", LIFE + n);
        }

        SemanticIndex.Lookup lookup = index.lookup(SCOPE, index.question("How many legs does animal number 7 have (question 5, run 2)?",
                near(template, 0.01)), THRESHOLD, 0);

        assertThat(lookup.match()).map(SemanticIndex.Match::exactKey).contains(key(-1));
        assertThat(lookup.examined()).isLessThanOrEqualTo(SemanticIndex.MAX_EXAMINED);
    }

    @Test
    void shouldFindTheNearestLiveQuestionAndForgetRemovedOnes() {
        float[] question = randomUnit();
        store(key(1), near(question, 0.005), "What is a Kafka partition leader?", LIFE);
        store(key(2), randomUnit(), "How do I bake bread?", LIFE);

        assertThat(index.nearest(SCOPE, near(question, 0.005), "Explain a Kafka partition leader", THRESHOLD, 0))
                .map(SemanticIndex.Match::exactKey).contains(key(1));
        assertThat(index.nearest(SCOPE, near(question, 0.005), "Explain a Kafka partition leader", THRESHOLD, LIFE + 1))
                .as("expired").isEmpty();
        assertThat(index.nearest("b".repeat(64), near(question, 0.005), "Explain a Kafka partition leader", THRESHOLD, 0))
                .as("another scope").isEmpty();

        index.remove(key(1));

        assertThat(index.nearest(SCOPE, near(question, 0.005), "Explain a Kafka partition leader", THRESHOLD, 0)).isEmpty();
        assertThat(count(SemanticIndex.BUCKETS_STORE)).as("only the bread question's keys are left").isEqualTo(SemanticIndex.TABLES);
    }

    @Test
    void shouldNotFindAPendingQuestionAndShouldMoveItsKeysWhenAnsweredAgain() {
        float[] question = randomUnit();
        index.pending(SCOPE, key(1), question, "Is it safe to eat raw eggs?", 0);
        assertThat(index.nearest(SCOPE, question, "Is it safe to eat raw eggs?", THRESHOLD, 0)).isEmpty();

        index.answered(key(1), LIFE);
        index.answered(key(1), 2 * LIFE);

        assertThat(index.nearest(SCOPE, question, "Is eating raw eggs safe?", THRESHOLD, LIFE + 1)).map(SemanticIndex.Match::exactKey).contains(key(1));
        assertThat(index.nearest(SCOPE, question, "Is it not safe to eat raw eggs?", THRESHOLD, 0)).as("the guard").isEmpty();
        assertThat(count(SemanticIndex.BUCKETS_STORE)).as("one key per table, the old expiry's gone").isEqualTo(SemanticIndex.TABLES);
    }

    @Test
    void shouldPurgeExpiredAndStrandedPendingQuestions() {
        store(key(1), randomUnit(), "What is the capital of France?", LIFE);
        index.pending(SCOPE, key(2), randomUnit(), "What is the capital of Spain?", 0);
        store(key(3), randomUnit(), "What is the capital of Italy?", 3 * LIFE);

        assertThat(index.purge(2 * LIFE, LIFE)).isEqualTo(2);
        assertThat(count(SemanticIndex.ENTRIES_STORE)).isEqualTo(1);
        assertThat(count(SemanticIndex.BUCKETS_STORE)).isEqualTo(SemanticIndex.TABLES + 1);
    }

    private void store(String key, float[] vector, String text, long expiresAt) {
        index.pending(SCOPE, key, vector, text, 0);
        index.answered(key, expiresAt);
    }

    private long count(String store) {
        long count = 0;
        try (var all = driver.getKeyValueStore(store).all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    private float[] randomUnit() {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return unit(v);
    }

    private float[] near(float[] base, double sigma) {
        float[] v = base.clone();
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] += (float) (random.nextGaussian() * sigma);
        }
        return unit(v);
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static String key(int n) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Integer.toString(n).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Topology storesOnly() {
        Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), "unused")
                .addProcessor("holder", Holder::new, "source")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SemanticIndex.BUCKETS_STORE), Serdes.Bytes(), Serdes.ByteArray()), "holder")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SemanticIndex.ENTRIES_STORE), Serdes.String(), Serdes.ByteArray()), "holder");
        return topology;
    }

    /** Holds the stores; processes nothing. */
    private static final class Holder implements Processor<byte[], byte[], Void, Void> {
        @Override
        public void process(Record<byte[], byte[]> record) {
        }
    }
}
