package dev.switchboard.embeddings.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.embeddings.eval.TextPair;
import dev.switchboard.embeddings.eval.VectorCache;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the {@link SameQuestionVerifier} and measures it: the logistic model is fitted on one labelled set (never
 * MSRP, whose licence forbids shipping what is trained on it), the default cut is the lowest probability on a 0.01
 * grid whose precision reaches the target on every cut set, and precision and recall are reported on every set,
 * with cosine alone at its own such cut beside it. Deterministic: the same data, vectors and settings give the
 * same file, byte for byte (no dates or timings are recorded).
 */
public final class VerifierTraining {
    /** Bins of the probability in which the verifier's error on the cut sets is recorded (a controller's prior). */
    static final int CALIBRATION_BINS = 20;
    /** What to train on and how; {@code embeddingCache} may be null. */
    public record Options(Path data, EmbeddingModel model, Path embeddingCache, boolean elementWise, LabelledSets trainingSet,
                          boolean nearMisses, List<LabelledSets> cutSets, double targetPrecision, LogisticModel.Settings settings) {
        public Options {
            if (trainingSet.id().startsWith("msrp")) {
                throw new IllegalArgumentException("MSRP's licence allows evaluation only; train on an STS-B set");
            }
            if (!(targetPrecision > 0 && targetPrecision < 1)) {
                throw new IllegalArgumentException("target precision must be in (0, 1), got " + targetPrecision);
            }
            if (cutSets.isEmpty()) {
                throw new IllegalArgumentException("at least one set to choose the cut on");
            }
        }
    }

    /**
     * The shipped verifier's settings: bge-small-en-v1.5-q vectors, scalar features, STS-B train with the middle
     * scores as "different", the cut chosen for precision 0.95 on STS-B dev and MSRP train and val (MSRP test and
     * STS-B test stay held out), gradient descent 0.5 x 2,000 with l2 0.01 and seed 7.
     */
    public static Options defaults(Path data, Path embeddingCache) {
        return new Options(data, EmbeddingModel.BGE_SMALL_EN_V15_Q, embeddingCache, false, LabelledSets.STSB_TRAIN_GRADED, true,
                List.of(LabelledSets.STSB_DEV, LabelledSets.MSRP_TRAIN, LabelledSets.MSRP_VAL), 0.95, new LogisticModel.Settings(0.5, 2000, 0.01, 7));
    }

    /** Precision and recall on one set at one cut. */
    public record Figures(String set, String rule, double cut, int pairs, int truePositives, int falsePositives, int falseNegatives) {
        public double precision() {
            int predicted = truePositives + falsePositives;
            return predicted == 0 ? 1.0 : (double) truePositives / predicted;
        }

        public double recall() {
            int actual = truePositives + falseNegatives;
            return actual == 0 ? 0.0 : (double) truePositives / actual;
        }
    }

    public record Result(SameQuestionVerifier verifier, double cosineCut, List<Figures> figures) {
    }

    private VerifierTraining() {
    }

    public static Result train(Options options, Embedder embedder, PrintStream log) {
        Map<LabelledSets, List<TextPair>> sets = new EnumMap<>(LabelledSets.class);
        List<TextPair> every = new ArrayList<>();
        for (LabelledSets set : LabelledSets.values()) {
            if (set == LabelledSets.STSB_TRAIN_GRADED && options.trainingSet() != set) {
                continue;
            }
            List<TextPair> pairs = set.read(options.data());
            sets.put(set, pairs);
            every.addAll(pairs);
        }
        List<TextPair> training = new ArrayList<>(sets.get(options.trainingSet()));
        if (options.nearMisses()) {
            List<TextPair> made = NearMisses.from(training, options.settings().seed());
            log.printf(Locale.ROOT, "near-misses made from %s paraphrases: %d%n", options.trainingSet().id(), made.size());
            training.addAll(made);
            every.addAll(made);
        }
        long start = System.nanoTime();
        Map<String, float[]> vectors = VectorCache.embedPairs(embedder, every, options.embeddingCache());
        log.printf(Locale.ROOT, "vectors: %d texts (%s), %.1f s%n", vectors.size(), embedder.name(), (System.nanoTime() - start) / 1e9);
        Map<String, QuestionProfile> profiles = new HashMap<>();
        vectors.keySet().forEach(t -> profiles.put(t, QuestionProfile.of(t)));

        double[][] x = new double[training.size()][];
        int[] y = new int[training.size()];
        for (int i = 0; i < x.length; i++) {
            TextPair p = training.get(i);
            x[i] = PairFeatures.of(profiles.get(p.text1()), vectors.get(p.text1()), profiles.get(p.text2()), vectors.get(p.text2()),
                    options.elementWise());
            y[i] = p.same() ? 1 : 0;
        }
        LogisticModel model = LogisticModel.fit(x, y, options.settings());
        SameQuestionVerifier draft = new SameQuestionVerifier(options.model().id(), embedder.dimensions(), options.elementWise(), model,
                0.5, null);

        Map<LabelledSets, double[]> probabilities = new EnumMap<>(LabelledSets.class);
        Map<LabelledSets, double[]> cosines = new EnumMap<>(LabelledSets.class);
        sets.forEach((set, pairs) -> {
            double[] p = new double[pairs.size()];
            double[] c = new double[pairs.size()];
            for (int i = 0; i < p.length; i++) {
                TextPair pair = pairs.get(i);
                // the new text is the second, the cached one the first, as in the router and eval cache
                p[i] = draft.probability(profiles.get(pair.text2()), vectors.get(pair.text2()), profiles.get(pair.text1()), vectors.get(pair.text1()));
                c[i] = Embedder.cosine(vectors.get(pair.text1()), vectors.get(pair.text2()));
            }
            probabilities.put(set, p);
            cosines.put(set, c);
        });
        double cut = 0;
        double cosineCut = 0;
        for (LabelledSets set : options.cutSets()) {
            cut = Math.max(cut, lowestCut(sets.get(set), probabilities.get(set), options.targetPrecision()));
            cosineCut = Math.max(cosineCut, lowestCut(sets.get(set), cosines.get(set), options.targetPrecision()));
        }
        List<Figures> figures = new ArrayList<>();
        for (Map.Entry<LabelledSets, List<TextPair>> e : sets.entrySet()) {
            figures.add(figures(e.getKey().id(), "verifier", e.getValue(), probabilities.get(e.getKey()), cut));
            figures.add(figures(e.getKey().id(), "cosine", e.getValue(), cosines.get(e.getKey()), cosineCut));
        }
        int[] binPairs = new int[CALIBRATION_BINS];
        int[] binDifferent = new int[CALIBRATION_BINS];
        for (LabelledSets set : options.cutSets()) {
            double[] p = probabilities.get(set);
            for (int i = 0; i < p.length; i++) {
                int b = Math.min(CALIBRATION_BINS - 1, (int) (p[i] * CALIBRATION_BINS));
                binPairs[b]++;
                if (!sets.get(set).get(i).same()) {
                    binDifferent[b]++;
                }
            }
        }
        ObjectNode metadata = metadata(options, training, cut, cosineCut, figures);
        ObjectNode calibration = metadata.putObject("calibration");
        calibration.put("sets", "cut sets");
        ArrayNode pairsPerBin = calibration.putArray("pairs");
        ArrayNode differentPerBin = calibration.putArray("different");
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            pairsPerBin.add(binPairs[b]);
            differentPerBin.add(binDifferent[b]);
        }
        SameQuestionVerifier verifier = draft.withDefaultCut(cut).withTraining(metadata);
        return new Result(verifier, cosineCut, figures);
    }

    /** The lowest cut on the 0.01 grid (0.01 to 0.99) with precision >= target and at least one true hit; 0.99 if none. */
    static double lowestCut(List<TextPair> pairs, double[] scores, double target) {
        for (int c = 1; c <= 99; c++) {
            Figures f = figures("", "", pairs, scores, c / 100.0);
            if (f.truePositives() > 0 && f.precision() >= target) {
                return c / 100.0;
            }
        }
        return 0.99;
    }

    static Figures figures(String set, String rule, List<TextPair> pairs, double[] scores, double cut) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean hit = scores[i] >= cut;
            boolean same = pairs.get(i).same();
            if (hit && same) {
                tp++;
            } else if (hit) {
                fp++;
            } else if (same) {
                fn++;
            }
        }
        return new Figures(set, rule, cut, pairs.size(), tp, fp, fn);
    }

    private static ObjectNode metadata(Options options, List<TextPair> training, double cut, double cosineCut, List<Figures> figures) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = json.createObjectNode();
        m.put("training_set", options.trainingSet().id());
        m.put("training_pairs", training.size());
        m.put("training_same", training.stream().filter(TextPair::same).count());
        m.put("near_misses_added", options.nearMisses());
        m.put("learning_rate", options.settings().learningRate());
        m.put("iterations", options.settings().iterations());
        m.put("l2", options.settings().l2());
        m.put("seed", options.settings().seed());
        m.put("target_precision", options.targetPrecision());
        ArrayNode cutSets = m.putArray("cut_sets");
        options.cutSets().forEach(s -> cutSets.add(s.id()));
        m.put("cosine_cut", cosineCut);
        ArrayNode rows = m.putArray("figures");
        for (Figures f : figures) {
            ObjectNode row = rows.addObject();
            row.put("set", f.set());
            row.put("rule", f.rule());
            row.put("cut", f.cut());
            row.put("pairs", f.pairs());
            row.put("precision", Math.round(f.precision() * 10000) / 10000.0);
            row.put("recall", Math.round(f.recall() * 10000) / 10000.0);
        }
        return m;
    }

    /** The figures as a Markdown table (rule, cut, set, precision, recall). */
    public static String table(List<Figures> figures) {
        StringBuilder b = new StringBuilder("| rule | cut | set | pairs | precision | recall |\n|---|---|---|---|---|---|\n");
        for (Figures f : figures) {
            b.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %d | %.4f | %.4f |%n", f.rule(), f.cut(), f.set(), f.pairs(),
                    f.precision(), f.recall()));
        }
        return b.toString();
    }

    /** {@code --data DIR --out FILE [--embedding-cache FILE]}: the shipped settings, as {@code switchboard train verifier}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        Options options = defaults(Path.of(a.get("--data")), a.containsKey("--embedding-cache") ? Path.of(a.get("--embedding-cache")) : null);
        Result result = train(options, OnnxEmbedder.of(options.model()), System.out);
        try (OutputStream os = Files.newOutputStream(Path.of(a.get("--out")))) {
            result.verifier().save(os);
        }
        System.out.print(table(result.figures()));
        System.out.printf(Locale.ROOT, "default cut %.2f, cosine %.2f%n", result.verifier().defaultCut(), result.cosineCut());
    }
}
