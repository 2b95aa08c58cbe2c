package dev.switchboard.embeddings.eval;

import dev.switchboard.embeddings.Embedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures a matcher on labelled pairs. Every distinct text is embedded once, so a sweep over many thresholds
 * costs one embedding pass.
 */
public final class PairEvaluation {
    /** The default sweep's range. */
    public static final double SWEEP_FROM = 0.50;
    public static final double SWEEP_TO = 0.99;
    /** Where {@link #chooseThreshold} starts looking: below every model's unrelated-pair scores would be pointless. */
    static final double CHOOSE_FROM = 0.30;

    private final List<TextPair> pairs;
    private final Map<String, float[]> vectors = new HashMap<>();

    public PairEvaluation(List<TextPair> pairs, Embedder embedder) {
        this(pairs, embedder, null);
    }

    /** With {@code vectorCache} (may be null), vectors from an earlier run are reused ({@link VectorCache}). */
    public PairEvaluation(List<TextPair> pairs, Embedder embedder, Path vectorCache) {
        this.pairs = List.copyOf(pairs);
        vectors.putAll(VectorCache.embedPairs(embedder, pairs, vectorCache));
    }

    /** The scores of {@link PairMatcher#COSINE} (the {@code SimilarityMatcher} rule) at one threshold. */
    public Scores at(double threshold) {
        return at(threshold, PairMatcher.COSINE);
    }

    /** The cosine sweep from {@link #SWEEP_FROM} to {@link #SWEEP_TO} in steps of 0.01. */
    public List<Scores> sweep() {
        return sweep(SWEEP_FROM, SWEEP_TO, 0.01, PairMatcher.COSINE);
    }

    /** The lowest cosine threshold whose precision reaches {@code minPrecision}. */
    public Optional<Scores> chooseThreshold(double minPrecision) {
        return chooseThreshold(minPrecision, PairMatcher.COSINE);
    }

    /** The vector of a text of the pairs. */
    public float[] vector(String text) {
        float[] v = vectors.get(text);
        if (v == null) {
            throw new IllegalArgumentException("not a text of these pairs: " + text);
        }
        return v;
    }

    public int size() {
        return pairs.size();
    }

    public Scores at(double threshold, PairMatcher matcher) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (TextPair pair : pairs) {
            boolean predicted = matcher.same(pair.text1(), vectors.get(pair.text1()), pair.text2(), vectors.get(pair.text2()), threshold);
            if (predicted && pair.same()) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (pair.same()) {
                fn++;
            }
        }
        return new Scores(threshold, tp, fp, fn, pairs.size());
    }

    /** Thresholds from {@code from} to {@code to} in steps of {@code step} (hundredths, to avoid drift). */
    public List<Scores> sweep(double from, double to, double step, PairMatcher matcher) {
        List<Scores> scores = new ArrayList<>();
        long start = Math.round(from * 100);
        long end = Math.round(to * 100);
        long increment = Math.max(1, Math.round(step * 100));
        for (long t = start; t <= end; t += increment) {
            scores.add(at(t / 100.0, matcher));
        }
        return scores;
    }

    /**
     * The lowest threshold (0.30 to 0.99, step 0.01) whose precision reaches {@code minPrecision} with at least one
     * true positive: the most recall at that precision. Empty when no threshold reaches it.
     */
    public Optional<Scores> chooseThreshold(double minPrecision, PairMatcher matcher) {
        return sweep(CHOOSE_FROM, SWEEP_TO, 0.01, matcher).stream().filter(s -> s.truePositives() > 0 && s.precision() >= minPrecision).findFirst();
    }
}
