package dev.switchboard.routing;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Scratch experiment: labels, kNN and blends on the by-subject and STEM splits. Not a test. */
public final class RouterExperiment {
    static final Set<String> STEM = Set.of("abstract_algebra", "astronomy", "college_biology", "college_chemistry",
            "college_computer_science", "college_mathematics", "college_physics", "computer_security", "conceptual_physics",
            "electrical_engineering", "elementary_mathematics", "high_school_biology", "high_school_chemistry",
            "high_school_computer_science", "high_school_mathematics", "high_school_physics", "high_school_statistics",
            "machine_learning");

    public static void main(String[] args) {
        List<Example> all = RoutingExamples.readDirectory(Path.of(args[0]));
        Embedder embedder = OnnxEmbedder.of(EmbeddingModel.BGE_SMALL_EN_V15_Q);
        List<float[]> vectors = EmbeddingCache.embed(embedder, StrongNeedScorer.prompts(all), Path.of(args[1]), (d, t) -> { });
        Set<String> heldOut = new HashSet<>(TrainRouterCommand.heldOutSubjects(all, 0.25, 7));
        split("subjects", all, vectors, heldOut);
        split("stem", all, vectors, STEM);
    }

    static void split(String name, List<Example> all, List<float[]> vectors, Set<String> test) {
        List<Example> tr = new ArrayList<>();
        List<Example> te = new ArrayList<>();
        List<float[]> vtr = new ArrayList<>();
        List<float[]> vte = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean t = test.contains(all.get(i).subject());
            (t ? te : tr).add(all.get(i));
            (t ? vte : vtr).add(vectors.get(i));
        }
        System.out.printf("%n== %s: train %d test %d%n", name, tr.size(), te.size());
        for (boolean extra : new boolean[] {false, true}) {
            double[][] xtr = features(tr, vtr, extra);
            double[][] xte = features(te, vte, extra);
            standardise(xtr, xte);
            LogisticRegression.Settings s = new LogisticRegression.Settings(0.2, 300, 0.01, 7);
            int[] weakWrong = tr.stream().mapToInt(Example::weakWrong).toArray();
            int[] weakRight = tr.stream().mapToInt(e -> e.weakCorrect() ? 1 : 0).toArray();
            int[] strongRight = tr.stream().mapToInt(e -> e.strongCorrect() ? 1 : 0).toArray();
            int[] gain = tr.stream().mapToInt(e -> !e.weakCorrect() && e.strongCorrect() ? 1 : 0).toArray();
            LogisticRegression.Fit fWeakWrong = LogisticRegression.train(xtr, weakWrong, s);
            LogisticRegression.Fit fWeak = LogisticRegression.train(xtr, weakRight, s);
            LogisticRegression.Fit fStrong = LogisticRegression.train(xtr, strongRight, s);
            LogisticRegression.Fit fGain = LogisticRegression.train(xtr, gain, s);
            double[] sWeakWrong = new double[te.size()];
            double[] sDiff = new double[te.size()];
            double[] sGain = new double[te.size()];
            for (int i = 0; i < te.size(); i++) {
                sWeakWrong[i] = fWeakWrong.probability(xte[i]);
                sDiff[i] = fStrong.probability(xte[i]) - fWeak.probability(xte[i]);
                sGain[i] = fGain.probability(xte[i]);
            }
            report(name + " extra=" + extra + " lr weak_wrong", te, sWeakWrong);
            report(name + " extra=" + extra + " lr strong-weak", te, sDiff);
            report(name + " extra=" + extra + " lr weak_wrong&strong_right", te, sGain);
            if (!extra) {
                for (int k : new int[] {20, 50, 100, 200, 400}) {
                    double[] knn = knn(tr, vtr, vte, k);
                    report(name + " knn k=" + k, te, knn);
                    report(name + " knn k=" + k + " + lr diff (rank mean)", te, rankMean(knn, sDiff));
                }
            }
        }
    }

    static double[][] features(List<Example> ex, List<float[]> v, boolean extra) {
        double[][] x = new double[ex.size()][];
        for (int i = 0; i < x.length; i++) {
            double[] base = LearnedRouter.rawFeatures(ex.get(i).prompt(), v.get(i), TextFeatures.NAMES);
            if (extra) {
                double[] t = TaskFeatures.of(ex.get(i).prompt());
                double[] c = Arrays.copyOf(base, base.length + t.length);
                System.arraycopy(t, 0, c, base.length, t.length);
                base = c;
            }
            x[i] = base;
        }
        return x;
    }

    static void standardise(double[][] tr, double[][] te) {
        int d = tr[0].length;
        for (int j = 0; j < d; j++) {
            double m = 0, s = 0;
            for (double[] r : tr) m += r[j];
            m /= tr.length;
            for (double[] r : tr) s += (r[j] - m) * (r[j] - m);
            s = Math.sqrt(s / tr.length);
            if (s < 1e-9) s = 1;
            for (double[] r : tr) r[j] = (r[j] - m) / s;
            for (double[] r : te) r[j] = (r[j] - m) / s;
        }
    }

    static double[] knn(List<Example> tr, List<float[]> vtr, List<float[]> vte, int k) {
        double[] out = new double[vte.size()];
        double prior = tr.stream().mapToInt(e -> (e.strongCorrect() ? 1 : 0) - (e.weakCorrect() ? 1 : 0)).average().orElse(0);
        for (int i = 0; i < vte.size(); i++) {
            float[] q = vte.get(i);
            double[] sims = new double[vtr.size()];
            for (int j = 0; j < sims.length; j++) {
                sims[j] = Embedder.cosine(q, vtr.get(j));
            }
            Integer[] idx = new Integer[sims.length];
            for (int j = 0; j < idx.length; j++) idx[j] = j;
            Arrays.sort(idx, (a, b) -> Double.compare(sims[b], sims[a]));
            double sum = 0;
            for (int j = 0; j < k; j++) {
                Example e = tr.get(idx[j]);
                sum += (e.strongCorrect() ? 1 : 0) - (e.weakCorrect() ? 1 : 0);
            }
            out[i] = (sum + 5 * prior) / (k + 5);
        }
        return out;
    }

    static double[] rankMean(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double[] o = new double[a.length];
        for (int i = 0; i < o.length; i++) o[i] = ra[i] + rb[i];
        return o;
    }

    static double[] ranks(double[] s) {
        Integer[] idx = new Integer[s.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(s[a], s[b]));
        double[] r = new double[s.length];
        for (int i = 0; i < idx.length; i++) r[idx[i]] = (double) i / s.length;
        return r;
    }

    static void report(String label, List<Example> te, double[] scores) {
        RouterEvaluation.Result r = RouterEvaluation.evaluate(label, te, scores);
        System.out.printf("%-55s apgr=%.3f share50=%.2f share80=%.2f%n", label, r.apgr(), r.shareFor50(), r.shareFor80());
    }
}
