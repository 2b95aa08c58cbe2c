package dev.switchboard.launcher.bench;

/**
 * Unique prompts that share one template, as batch jobs do: every one a cache miss, all of them close neighbours
 * for a semantic cache.
 */
final class BenchPrompts {
    private BenchPrompts() {
    }

    static String prompt(String run, String phase, int n) {
        return "Question " + n + " of run " + run + "-" + phase + ": how many legs does animal number " + (n * 7919 % 10_007) + " have?";
    }

    static String requestId(String run, String phase, int n) {
        return "bench-" + run + "-" + phase + "-" + n;
    }
}
