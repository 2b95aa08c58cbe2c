package dev.switchboard.embeddings.online;

/**
 * A tenant's error bound: the false-hit rate it accepts among served semantic hits, the share of would-be hits
 * verified against the provider, the cut it starts from, and how the evidence is weighed.
 *
 * @param targetFalseHitRate the highest acceptable share of served hits answering another question (e.g. 0.02)
 * @param verifyFraction     share of would-be hits also sent to the provider, so their answers can be compared
 * @param initialCut         the verifier probability a hit needs before any outcome is known
 * @param bins               resolution of the cut: the probability range [0, 1) is split into this many bins
 * @param priorWeight        how many outcomes the verifier's own probability counts for in a bin with no outcomes yet
 * @param confidence         z of the one-sided upper bound on each bin's error rate (1.64 ~ 95%)
 * @param window             lookups kept before every count is halved, so old traffic fades
 * @param priorErrors        per bin, the error rate believed before any outcome (the verifier's measured error on
 *                           public labelled pairs, {@code SameQuestionVerifier.priorErrors}); null: 1 − the bin's probability
 */
public record BoundSettings(double targetFalseHitRate, double verifyFraction, double initialCut, int bins, double priorWeight,
                            double confidence, int window, double[] priorErrors) {
    public static final double DEFAULT_TARGET = 0.02;
    public static final double DEFAULT_VERIFY_FRACTION = 0.05;

    public BoundSettings {
        if (!(targetFalseHitRate > 0 && targetFalseHitRate < 1)) {
            throw new IllegalArgumentException("target false-hit rate must be in (0, 1), got " + targetFalseHitRate);
        }
        if (!(verifyFraction >= 0 && verifyFraction <= 1)) {
            throw new IllegalArgumentException("verify fraction must be in [0, 1], got " + verifyFraction);
        }
        if (!(initialCut > 0 && initialCut <= 1)) {
            throw new IllegalArgumentException("initial cut must be in (0, 1], got " + initialCut);
        }
        if (bins < 2 || bins > 1000) {
            throw new IllegalArgumentException("bins must be in [2, 1000], got " + bins);
        }
        if (!(priorWeight > 0) || !(confidence >= 0) || window < 100) {
            throw new IllegalArgumentException("prior weight > 0, confidence >= 0 and window >= 100 required");
        }
        if (priorErrors != null && priorErrors.length != bins) {
            throw new IllegalArgumentException("prior errors must have one rate per bin (" + bins + "), got " + priorErrors.length);
        }
        priorErrors = priorErrors == null ? null : priorErrors.clone();
    }

    /** The error rate believed for bin {@code b} before any outcome. */
    public double priorError(int b) {
        return priorErrors != null ? priorErrors[b] : 1 - (b + 0.5) / bins;
    }

    /** These settings with the verifier's measured error per bin as the prior. */
    public BoundSettings withPriorErrors(double[] errors) {
        return new BoundSettings(targetFalseHitRate, verifyFraction, initialCut, bins, priorWeight, confidence, window, errors);
    }

    public static final int DEFAULT_BINS = 20;

    /** 20 bins, prior worth 4 outcomes, z 1.64, window 20,000 lookups, prior error 1 − probability. */
    public static BoundSettings of(double targetFalseHitRate, double verifyFraction, double initialCut) {
        return new BoundSettings(targetFalseHitRate, verifyFraction, initialCut, DEFAULT_BINS, 4, 1.64, 20_000, null);
    }
}
