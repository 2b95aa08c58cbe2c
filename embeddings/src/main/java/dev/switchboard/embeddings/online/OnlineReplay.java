package dev.switchboard.embeddings.online;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Replays labelled pairs as a stream of lookups for one tenant: the first text of each pair is in the cache, the
 * second is asked, the verifier's probability for the pair goes to a {@link FalseHitController}, and the label (the
 * outcome an answer comparison would give) is revealed only when the answers are compared: a paid verification of a
 * served hit, or, when {@code compareMisses}, a miss (the provider is called anyway, so comparing its answer with
 * the candidate's costs no call). The order is shuffled and the verification draws taken with the seed.
 */
public final class OnlineReplay {
    private OnlineReplay() {
    }

    /** One lookup: the verifier's probability and whether the two texts really ask the same. */
    public record Lookup(double probability, boolean same) {
    }

    public record Result(int lookups, int samePairs, int served, int servedCorrect, long verifications, int comparedMisses,
                         double initialCut, double finalCut, double verifiedErrorRate) {
        public double precision() {
            return served == 0 ? 1.0 : (double) servedCorrect / served;
        }

        public double recall() {
            return samePairs == 0 ? 0.0 : (double) servedCorrect / samePairs;
        }

        public double verificationsPer100() {
            return lookups == 0 ? 0 : 100.0 * verifications / lookups;
        }

        public String summaryLine() {
            return String.format(Locale.ROOT, "served_precision=%.4f recall=%.4f verifications_per_100=%.2f final_cut=%.2f lookups=%d",
                    precision(), recall(), verificationsPer100(), finalCut, lookups);
        }
    }

    public static Result replay(List<Lookup> lookups, BoundSettings settings, long seed, boolean compareMisses) {
        return replay(lookups, new FalseHitController(settings), seed, compareMisses);
    }

    public static Result replay(List<Lookup> lookups, FalseHitController controller, long seed, boolean compareMisses) {
        Random random = new Random(seed);
        List<Lookup> stream = new ArrayList<>(lookups);
        Collections.shuffle(stream, random);
        double initialCut = controller.cut();
        int samePairs = 0;
        int served = 0;
        int servedCorrect = 0;
        int comparedMisses = 0;
        for (Lookup lookup : stream) {
            if (lookup.same()) {
                samePairs++;
            }
            LookupDecision decision = controller.decide(lookup.probability(), random.nextDouble());
            if (decision.hit()) {
                served++;
                if (lookup.same()) {
                    servedCorrect++;
                }
            }
            if (decision == LookupDecision.SERVE_AND_VERIFY) {
                controller.record(lookup.probability(), lookup.same(), true);
            } else if (decision == LookupDecision.MISS && compareMisses) {
                comparedMisses++;
                controller.record(lookup.probability(), lookup.same(), false);
            }
        }
        return new Result(stream.size(), samePairs, served, servedCorrect, controller.verifications(), comparedMisses, initialCut,
                controller.cut(), controller.verifiedErrorRate());
    }
}
