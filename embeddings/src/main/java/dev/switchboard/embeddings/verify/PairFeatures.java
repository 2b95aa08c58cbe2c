package dev.switchboard.embeddings.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The features of a (question, cached question) pair that the verifier weighs. All symmetric in the two sides.
 * Lexical: whether numbers, named things or opposite words differ on both sides (a swap) or on one side only,
 * negation on one side only, content-word overlap, substitutions and word order, length ratio. Dense: the cosine
 * (and its square), the largest coordinate difference, and optionally the element-wise product and absolute
 * difference of the two vectors (a learned weighting of the embedding's dimensions).
 */
public final class PairFeatures {
    static final List<String> SCALAR_NAMES = List.of("cosine", "cosine_squared", "max_abs_difference", "numbers_swapped",
            "numbers_one_side", "negation_one_side", "named_swapped", "named_one_side", "content_jaccard",
            "content_substitutions", "content_extra_share", "opposites_swapped", "word_order_agreement", "length_log_ratio",
            "content_bigram_jaccard");

    private PairFeatures() {
    }

    /** The feature names, in order, for vectors of {@code dimensions} with or without the element-wise block. */
    public static List<String> names(boolean elementWise, int dimensions) {
        List<String> names = new ArrayList<>(SCALAR_NAMES);
        if (elementWise) {
            for (int i = 0; i < dimensions; i++) {
                names.add("product_" + i);
            }
            for (int i = 0; i < dimensions; i++) {
                names.add("abs_difference_" + i);
            }
        }
        return names;
    }

    public static double[] of(QuestionProfile a, float[] u, QuestionProfile b, float[] v, boolean elementWise) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("vectors differ in length: " + u.length + " and " + v.length);
        }
        double[] f = new double[SCALAR_NAMES.size() + (elementWise ? 2 * u.length : 0)];
        double dot = 0;
        double maxDiff = 0;
        for (int i = 0; i < u.length; i++) {
            dot += u[i] * v[i];
            maxDiff = Math.max(maxDiff, Math.abs(u[i] - v[i]));
        }
        f[0] = dot;
        f[1] = dot * dot;
        f[2] = maxDiff;
        f[3] = swapped(a.numbers(), b.numbers());
        f[4] = oneSided(a.numbers(), b.numbers());
        f[5] = a.negated() != b.negated() ? 1 : 0;
        f[6] = swapped(a.named(), b.named());
        f[7] = oneSided(a.named(), b.named());
        Set<Integer> ca = set(a.content());
        Set<Integer> cb = set(b.content());
        int shared = intersection(ca, cb);
        int onlyA = ca.size() - shared;
        int onlyB = cb.size() - shared;
        int union = ca.size() + cb.size() - shared;
        f[8] = union == 0 ? 1 : (double) shared / union;
        f[9] = Math.min(3, Math.min(onlyA, onlyB));
        f[10] = union == 0 ? 0 : (double) Math.max(onlyA, onlyB) / union;
        f[11] = swapped(a.polar(), b.polar());
        f[12] = orderAgreement(a.content(), b.content());
        f[13] = Math.abs(Math.log((a.words() + 1.0) / (b.words() + 1.0)));
        f[14] = bigramJaccard(a.content(), b.content());
        if (elementWise) {
            int base = SCALAR_NAMES.size();
            for (int i = 0; i < u.length; i++) {
                f[base + i] = u[i] * v[i];
                f[base + u.length + i] = Math.abs(u[i] - v[i]);
            }
        }
        return f;
    }

    /** 1 when each side has an item the other lacks: a substitution such as 2010 → 2012 or France → Germany. */
    private static double swapped(int[] a, int[] b) {
        return hasOwn(a, b) && hasOwn(b, a) ? 1 : 0;
    }

    /** 1 when exactly one side has items of its own. */
    private static double oneSided(int[] a, int[] b) {
        return hasOwn(a, b) != hasOwn(b, a) ? 1 : 0;
    }

    private static boolean hasOwn(int[] side, int[] other) {
        for (int x : side) {
            if (!contains(other, x)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] values, int x) {
        for (int v : values) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    private static Set<Integer> set(int[] values) {
        Set<Integer> s = new HashSet<>();
        for (int v : values) {
            s.add(v);
        }
        return s;
    }

    private static int intersection(Set<Integer> a, Set<Integer> b) {
        int n = 0;
        for (Integer x : a) {
            if (b.contains(x)) {
                n++;
            }
        }
        return n;
    }

    /** The share of pairs of shared words that appear in the same order on both sides ("dog bites man" vs "man bites dog": 0). */
    static double orderAgreement(int[] a, int[] b) {
        Map<Integer, Integer> firstInB = new HashMap<>();
        for (int i = b.length - 1; i >= 0; i--) {
            firstInB.put(b[i], i);
        }
        List<Integer> positions = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int x : a) {
            Integer p = firstInB.get(x);
            if (p != null && seen.add(x)) {
                positions.add(p);
            }
        }
        int pairs = 0;
        int concordant = 0;
        for (int i = 0; i < positions.size(); i++) {
            for (int j = i + 1; j < positions.size(); j++) {
                pairs++;
                if (positions.get(i) < positions.get(j)) {
                    concordant++;
                }
            }
        }
        return pairs == 0 ? 1 : (double) concordant / pairs;
    }

    private static double bigramJaccard(int[] a, int[] b) {
        Set<Long> ba = bigrams(a);
        Set<Long> bb = bigrams(b);
        if (ba.isEmpty() && bb.isEmpty()) {
            return Arrays.equals(a, b) ? 1 : 0;
        }
        int shared = 0;
        for (Long x : ba) {
            if (bb.contains(x)) {
                shared++;
            }
        }
        return (double) shared / (ba.size() + bb.size() - shared);
    }

    private static Set<Long> bigrams(int[] words) {
        Set<Long> s = new HashSet<>();
        for (int i = 1; i < words.length; i++) {
            s.add(((long) words[i - 1] << 32) | (words[i] & 0xffffffffL));
        }
        return s;
    }
}
