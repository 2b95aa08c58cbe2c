package dev.switchboard.embeddings.online;

import java.nio.ByteBuffer;

/**
 * One tenant's acceptance cut, kept so that the share of served semantic hits that answer another question stays
 * under the tenant's target. The verifier's probability of each candidate falls in a bin; the controller counts the
 * candidates per bin (no label needed) and the compared outcomes per bin (a label, known only when a fresh answer
 * was compared with the cached one: a paid verification of a hit, or a miss whose fresh answer is compared with the
 * candidate's at no extra call). A bin's error rate is estimated from its outcomes, starting from a prior (the
 * verifier's error measured on public pairs in that bin) worth {@code priorWeight} outcomes; the cut is the lowest bin edge at which the traffic-weighted error
 * of everything served above it, plus {@code confidence} standard errors, is within the target. Not thread-safe:
 * one instance per tenant, owned by the task that owns the tenant; {@link #toBytes()} for a state store.
 */
public final class FalseHitController {
    private static final int FORMAT = 1;

    private final BoundSettings settings;
    private final double[] candidates;
    private final double[] outcomes;
    private final double[] wrong;
    private double cut;
    private long lookups;
    private long served;
    private long verifications;
    private long verifiedWrong;

    public FalseHitController(BoundSettings settings) {
        this(settings, new double[settings.bins()], new double[settings.bins()], new double[settings.bins()], settings.initialCut(), 0, 0, 0, 0);
    }

    private FalseHitController(BoundSettings settings, double[] candidates, double[] outcomes, double[] wrong, double cut, long lookups,
                               long served, long verifications, long verifiedWrong) {
        this.settings = settings;
        this.candidates = candidates;
        this.outcomes = outcomes;
        this.wrong = wrong;
        this.cut = cut;
        this.lookups = lookups;
        this.served = served;
        this.verifications = verifications;
        this.verifiedWrong = verifiedWrong;
    }

    /**
     * The decision for a candidate with verifier probability {@code probability}; {@code draw} is uniform in [0, 1)
     * (the caller's random source, so a replay with a seed is repeatable).
     */
    public LookupDecision decide(double probability, double draw) {
        LookupDecision decision = decisionAt(cut, settings.verifyFraction(), probability, draw);
        observe(probability, decision.hit());
        return decision;
    }

    /**
     * The decision {@link #decide} makes, from a cut published elsewhere: a router lane decides with the cut its
     * tenant's one controller published, and reports the candidate back ({@link #observe}).
     */
    public static LookupDecision decisionAt(double cut, double verifyFraction, double probability, double draw) {
        // A cut of 1 means no bin is within the target: nothing is served, not even a candidate scored 1.
        if (probability < cut || cut >= 1.0) {
            return LookupDecision.MISS;
        }
        return draw < verifyFraction ? LookupDecision.SERVE_AND_VERIFY : LookupDecision.SERVE;
    }

    /** Counts a candidate decided elsewhere: its probability (traffic per bin) and whether it was served. */
    public void observe(double probability, boolean wasServed) {
        lookups++;
        candidates[bin(probability)]++;
        if (lookups % settings.window() == 0) {
            fade();
        }
        if (wasServed) {
            served++;
        }
    }

    /** Paid verifications whose answers differed. */
    public long verifiedWrong() {
        return verifiedWrong;
    }

    /**
     * An outcome: the fresh answer and the candidate's cached answer compared for a candidate of this probability.
     * {@code paid} is true for a verification of a served hit (an extra provider call), false for a miss.
     */
    public void record(double probability, boolean sameAnswer, boolean paid) {
        int b = bin(probability);
        outcomes[b]++;
        if (!sameAnswer) {
            wrong[b]++;
        }
        if (paid) {
            verifications++;
            if (!sameAnswer) {
                verifiedWrong++;
            }
        }
        cut = chooseCut();
    }

    /** The lowest bin edge whose served traffic has an upper-bound error rate within the target; 1 when none. */
    private double chooseCut() {
        double chosen = 1.0;
        double traffic = 0;
        double expectedWrong = 0;
        double variance = 0;
        for (int b = settings.bins() - 1; b >= 0; b--) {
            if (candidates[b] == 0) {
                if (traffic > 0 && withinTarget(traffic, expectedWrong, variance)) {
                    chosen = edge(b);
                }
                continue;
            }
            double evidence = outcomes[b] + settings.priorWeight();
            double error = (wrong[b] + settings.priorWeight() * settings.priorError(b)) / evidence;
            traffic += candidates[b];
            expectedWrong += candidates[b] * error;
            variance += candidates[b] * candidates[b] * error * (1 - error) / evidence;
            if (withinTarget(traffic, expectedWrong, variance)) {
                chosen = edge(b);
            }
        }
        return chosen;
    }

    private boolean withinTarget(double traffic, double expectedWrong, double variance) {
        double upper = (expectedWrong + settings.confidence() * Math.sqrt(variance)) / traffic;
        return upper <= settings.targetFalseHitRate();
    }

    private double edge(int b) {
        return (double) b / settings.bins();
    }

    private int bin(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        return Math.min(settings.bins() - 1, (int) (probability * settings.bins()));
    }

    /** Halves every count, so the estimate follows a tenant whose traffic changes. */
    private void fade() {
        for (int b = 0; b < settings.bins(); b++) {
            candidates[b] /= 2;
            outcomes[b] /= 2;
            wrong[b] /= 2;
        }
    }

    public double cut() {
        return cut;
    }

    public long lookups() {
        return lookups;
    }

    public long served() {
        return served;
    }

    /** Paid verifications so far. */
    public long verifications() {
        return verifications;
    }

    /** The share of paid verifications whose answers differed: the tenant's measured false-hit rate (NaN before any). */
    public double verifiedErrorRate() {
        return verifications == 0 ? Double.NaN : (double) verifiedWrong / verifications;
    }

    public BoundSettings settings() {
        return settings;
    }

    public byte[] toBytes() {
        int bins = settings.bins();
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 4 * 8 + 3 * bins * 8);
        b.putInt(FORMAT).putInt(bins).putDouble(cut).putLong(lookups).putLong(served).putLong(verifications).putLong(verifiedWrong);
        for (double[] counts : new double[][] {candidates, outcomes, wrong}) {
            for (double c : counts) {
                b.putDouble(c);
            }
        }
        return b.array();
    }

    /** State written by {@link #toBytes()}, under the tenant's current settings (same bin count). */
    public static FalseHitController fromBytes(byte[] bytes, BoundSettings settings) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int format = b.getInt();
        int bins = b.getInt();
        if (format != FORMAT || bins != settings.bins()) {
            throw new IllegalArgumentException("state of format " + format + " with " + bins + " bins does not fit settings with "
                    + settings.bins() + " bins");
        }
        double cut = b.getDouble();
        long lookups = b.getLong();
        long served = b.getLong();
        long verifications = b.getLong();
        long verifiedWrong = b.getLong();
        double[][] counts = new double[3][bins];
        for (double[] c : counts) {
            for (int i = 0; i < bins; i++) {
                c[i] = b.getDouble();
            }
        }
        return new FalseHitController(settings, counts[0], counts[1], counts[2], cut, lookups, served, verifications, verifiedWrong);
    }
}
