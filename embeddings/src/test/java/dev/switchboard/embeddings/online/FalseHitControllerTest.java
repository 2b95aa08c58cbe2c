package dev.switchboard.embeddings.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class FalseHitControllerTest {
    private static final double TARGET = 0.02;
    /** Right 99.5% of the time from 0.95 up, overconfident below (p^4 of the pairs are the same). */
    private static final DoubleUnaryOperator OVERCONFIDENT = p -> p >= 0.95 ? 0.995 : Math.pow(p, 4);

    /** Lookups whose probability is uniform in [0, 1) and whose true chance of being the same question is {@code truth(p)}. */
    private static List<OnlineReplay.Lookup> stream(int n, long seed, DoubleUnaryOperator truth) {
        Random random = new Random(seed);
        List<OnlineReplay.Lookup> lookups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double p = random.nextDouble();
            lookups.add(new OnlineReplay.Lookup(p, random.nextDouble() < truth.applyAsDouble(p)));
        }
        return lookups;
    }

    @Test
    void shouldKeepServedPrecisionAtTheTargetWhenTheVerifierIsOverconfident() {
        // below 0.95 the verifier is overconfident (it says 0.9 where 0.9^4 = 66% are the same): a cut of 0.8 serves many wrong hits
        List<OnlineReplay.Lookup> lookups = stream(20_000, 11, OVERCONFIDENT);
        OnlineReplay.Result fixed = OnlineReplay.replay(lookups, BoundSettings.of(TARGET, 0.0, 0.8), 7, false);
        OnlineReplay.Result online = OnlineReplay.replay(lookups, BoundSettings.of(TARGET, 0.05, 0.8), 7, true);

        assertThat(fixed.precision()).isLessThan(0.85);
        assertThat(online.precision()).isGreaterThanOrEqualTo(1 - TARGET);
        assertThat(online.finalCut()).isGreaterThanOrEqualTo(0.9);
        assertThat(online.recall()).isGreaterThan(0.0);
        assertThat(online.verificationsPer100()).isLessThan(5.0);
    }

    @Test
    void shouldLowerTheCutWhenOutcomesShowTheVerifierIsTooCautious() {
        // everything above 0.5 is really the same question: a start at 0.95 leaves most of it unserved
        List<OnlineReplay.Lookup> lookups = stream(20_000, 12, p -> p >= 0.5 ? 1.0 : 0.0);
        OnlineReplay.Result online = OnlineReplay.replay(lookups, BoundSettings.of(TARGET, 0.05, 0.95), 7, true);

        assertThat(online.finalCut()).isLessThanOrEqualTo(0.6);
        assertThat(online.precision()).isGreaterThanOrEqualTo(1 - TARGET);
        assertThat(online.recall()).isGreaterThan(0.8);
    }

    @Test
    void shouldGiveTheSameReplayForTheSameSeed() {
        List<OnlineReplay.Lookup> lookups = stream(5_000, 14, p -> p * p);
        BoundSettings settings = BoundSettings.of(TARGET, 0.05, 0.9);

        assertThat(OnlineReplay.replay(lookups, settings, 3, true)).isEqualTo(OnlineReplay.replay(lookups, settings, 3, true));
    }

    @Test
    void shouldResumeFromItsBytesAsIfNeverStopped() {
        BoundSettings settings = BoundSettings.of(TARGET, 0.05, 0.9);
        List<OnlineReplay.Lookup> lookups = stream(4_000, 15, p -> Math.pow(p, 3));
        FalseHitController kept = new FalseHitController(settings);
        OnlineReplay.replay(lookups.subList(0, 2_000), kept, 5, true);
        FalseHitController restored = FalseHitController.fromBytes(kept.toBytes(), settings);

        assertThat(restored.cut()).isEqualTo(kept.cut());
        assertThat(restored.verifications()).isEqualTo(kept.verifications());
        OnlineReplay.Result a = OnlineReplay.replay(lookups.subList(2_000, 4_000), kept, 6, true);
        OnlineReplay.Result b = OnlineReplay.replay(lookups.subList(2_000, 4_000), restored, 6, true);
        assertThat(b).isEqualTo(a);
        assertThat(restored.toBytes()).isEqualTo(kept.toBytes());
    }

    @Test
    void shouldRaiseTheCutAfterWrongOutcomesJustAboveIt() {
        FalseHitController controller = new FalseHitController(BoundSettings.of(TARGET, 1.0, 0.8));
        for (int i = 0; i < 200; i++) {
            controller.decide(0.85, 0.0);
        }
        for (int i = 0; i < 20; i++) {
            controller.record(0.85, false, true);
        }

        assertThat(controller.cut()).isGreaterThan(0.85);
        assertThat(controller.verifiedErrorRate()).isEqualTo(1.0);
    }

    @Test
    void shouldBoundTheServedErrorWhenLanesDecideWithThePublishedCutAndOneOwnerCounts() {
        // The router's split: a lane decides with the cut the owner last published, the owner observes and records.
        List<OnlineReplay.Lookup> lookups = stream(20_000, 11, OVERCONFIDENT);
        BoundSettings settings = BoundSettings.of(TARGET, 0.05, 0.8);
        FalseHitController owner = new FalseHitController(settings);
        FalseHitController single = new FalseHitController(settings);
        Random draws = new Random(7);
        int served = 0;
        int servedRight = 0;
        for (OnlineReplay.Lookup lookup : lookups) {
            double draw = draws.nextDouble();
            LookupDecision decision = FalseHitController.decisionAt(owner.cut(), settings.verifyFraction(), lookup.probability(), draw);
            assertThat(decision).isEqualTo(single.decide(lookup.probability(), draw));
            owner.observe(lookup.probability(), decision.hit());
            if (decision.hit()) {
                served++;
                servedRight += lookup.same() ? 1 : 0;
            }
            if (decision != LookupDecision.SERVE) {
                owner.record(lookup.probability(), lookup.same(), decision == LookupDecision.SERVE_AND_VERIFY);
                single.record(lookup.probability(), lookup.same(), decision == LookupDecision.SERVE_AND_VERIFY);
            }
        }

        assertThat(owner.toBytes()).isEqualTo(single.toBytes());
        assertThat((double) servedRight / served).isGreaterThanOrEqualTo(1 - TARGET);
        assertThat(owner.cut()).as("moved up from 0.8 by the outcomes").isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldServeNothingAtACutOfOne() {
        assertThat(FalseHitController.decisionAt(1.0, 0.0, 1.0, 0.5)).isEqualTo(LookupDecision.MISS);
        assertThat(FalseHitController.decisionAt(0.9, 0.1, 0.95, 0.05)).isEqualTo(LookupDecision.SERVE_AND_VERIFY);
        assertThat(FalseHitController.decisionAt(0.9, 0.1, 0.95, 0.5)).isEqualTo(LookupDecision.SERVE);
    }

    @Test
    void shouldRefuseStateOfAnotherShape() {
        byte[] state = new FalseHitController(BoundSettings.of(TARGET, 0.05, 0.9)).toBytes();
        BoundSettings other = new BoundSettings(TARGET, 0.05, 0.9, 50, 4, 1.64, 20_000, null);

        assertThatThrownBy(() -> FalseHitController.fromBytes(state, other)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoundSettings.of(0, 0.05, 0.9)).hasMessageContaining("target false-hit rate");
    }
}
