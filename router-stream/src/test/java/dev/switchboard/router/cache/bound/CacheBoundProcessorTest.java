package dev.switchboard.router.cache.bound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.online.FalseHitController;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.schemas.CacheBound;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.VerifiedAnswer;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tenant's controller in its state store, driven by verdicts as the lanes send them. */
public class CacheBoundProcessorTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final ScoreScale SCALE = new ScoreScale(0.6, null);

    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://cache-bound-processor-test");
    private final List<CacheBoundState> heard = new ArrayList<>();
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Verdict> verdicts;
    private TestInputTopic<String, GovernancePolicy> policies;
    private TestOutputTopic<String, CacheBoundState> bounds;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cache-bound-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CacheBoundTopology.build(serdes, SCALE, heard::add), props, START);
        verdicts = driver.createInputTopic(Topics.CACHE_VERDICTS, new StringSerializer(), Verdict.SERDE.serializer());
        policies = driver.createInputTopic(Topics.POLICIES, new StringSerializer(), serdes.policies().serializer());
        bounds = driver.createOutputTopic(Topics.CACHE_BOUNDS, new StringDeserializer(), serdes.avro(CacheBoundState.class).deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldKeepTheTenantsControllerInTheStoreAsIfFedDirectly() {
        bound("acme", 0.02, 0.1);
        FalseHitController reference = new FalseHitController(new BoundPolicy(0.02, 0.1, VerifiedAnswer.CACHED).settings(SCALE));
        for (Verdict v : stream("acme", 3_000, 21)) {
            verdicts.pipeInput("acme", v);
            apply(reference, v);
        }

        byte[] stored = store().get("acme");
        assertThat(stored).isEqualTo(reference.toBytes());
        CacheBoundState last = lastPublished();
        assertThat(last.getCut()).isEqualTo(reference.cut());
        assertThat(last.getVerifications()).isEqualTo(reference.verifications());
        assertThat(last.getFalseHits()).isEqualTo(reference.verifiedWrong());
        assertThat(reference.cut()).as("wrong answers below 0.9 moved the cut up from 0.6").isGreaterThanOrEqualTo(0.85);
        assertThat(heard).as("the metrics hear each published state").isNotEmpty();
    }

    @Test
    void shouldRaiseTheCutOnWrongOutcomesAndLowerItOnRightOnes() {
        bound("acme", 0.02, 1.0);
        for (int i = 0; i < 100; i++) {
            verdicts.pipeInput("acme", Verdict.candidate("acme", 0.75, true));
        }
        for (int i = 0; i < 10; i++) {
            verdicts.pipeInput("acme", Verdict.outcome("acme", 0.75, false, true));
        }
        double raised = lastPublished().getCut();
        assertThat(raised).isGreaterThan(0.75);

        for (int i = 0; i < 200; i++) {
            verdicts.pipeInput("acme", Verdict.candidate("acme", 0.95, true));
            verdicts.pipeInput("acme", Verdict.outcome("acme", 0.95, true, true));
        }
        CacheBoundState later = lastPublished();
        assertThat(later.getCut()).as("right answers at 0.95 open the bins from 0.8 up").isLessThanOrEqualTo(0.95);
        assertThat(later.getVerifications()).isEqualTo(210);
        assertThat(later.getFalseHits()).isEqualTo(10);
    }

    @Test
    void shouldPublishCandidateCountsOnItsIntervalAndIgnoreTenantsWithoutABound() {
        bound("acme", 0.02, 0.05);
        verdicts.pipeInput("acme", Verdict.candidate("acme", 0.9, true));
        verdicts.pipeInput("globex", Verdict.candidate("globex", 0.9, true));
        assertThat(bounds.isEmpty()).as("candidates alone wait for the interval").isTrue();

        driver.advanceWallClockTime(CacheBoundProcessor.PUBLISH_INTERVAL);

        assertThat(bounds.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("acme");
            assertThat(kv.value.getLookups()).isEqualTo(1);
            assertThat(kv.value.getServed()).isEqualTo(1);
            assertThat(kv.value.getCut()).isEqualTo(SCALE.initialCut());
        });
        assertThat(store().get("globex")).isNull();
    }

    @Test
    void shouldContinueFromTheSameCountsWhenTheTenantChangesItsTarget() {
        bound("acme", 0.02, 1.0);
        verdicts.pipeInput("acme", Verdict.candidate("acme", 0.9, true));
        verdicts.pipeInput("acme", Verdict.outcome("acme", 0.9, true, true));
        bound("acme", 0.10, 1.0);
        verdicts.pipeInput("acme", Verdict.outcome("acme", 0.9, true, true));

        CacheBoundState last = lastPublished();
        assertThat(last.getTargetFalseHitRate()).isEqualTo(0.10);
        assertThat(last.getVerifications()).isEqualTo(2);
        assertThat(last.getLookups()).isEqualTo(1);
    }

    /** Candidates with uniform scores, right when score^3 > a uniform draw; a tenth of them verified. */
    public static List<Verdict> stream(String tenant, int n, long seed) {
        Random random = new Random(seed);
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double score = 0.6 + 0.4 * random.nextDouble();
            out.add(Verdict.candidate(tenant, score, true));
            if (random.nextDouble() < 0.1) {
                out.add(Verdict.outcome(tenant, score, random.nextDouble() < Math.pow(score, 3), true));
            }
        }
        return out;
    }

    public static void apply(FalseHitController controller, Verdict v) {
        if (v.kind() == Verdict.Kind.CANDIDATE) {
            controller.observe(v.score(), v.served());
        } else {
            controller.record(v.score(), v.same(), v.paid());
        }
    }

    private void bound(String tenant, double target, double verifyFraction) {
        policies.pipeInput(tenant, GovernancePolicy.newBuilder(Governance.open(tenant))
                .setCacheBound(new CacheBound(target, verifyFraction, VerifiedAnswer.CACHED)).build());
    }

    private CacheBoundState lastPublished() {
        List<CacheBoundState> all = bounds.readValuesToList();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(CacheBoundProcessor.STORE);
    }
}
