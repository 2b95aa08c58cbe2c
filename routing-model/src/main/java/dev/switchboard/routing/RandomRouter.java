package dev.switchboard.routing;

import java.nio.charset.StandardCharsets;

/**
 * The baseline: a pseudo-random score in [0, 1) per prompt, fixed by the seed and the prompt text (the same prompt
 * always gets the same score under one seed), so sending the top share of scores strong is a random choice.
 */
public final class RandomRouter implements StrongNeedScorer {
    private final long seed;

    public RandomRouter(long seed) {
        this.seed = seed;
    }

    @Override
    public double score(String prompt) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : prompt.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long seed() {
        return seed;
    }
}
