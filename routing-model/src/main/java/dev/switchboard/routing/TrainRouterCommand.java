package dev.switchboard.routing;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code train router}: trains a {@link LearnedRouter} on a directory of subject CSV files, holding out whole
 * subjects (never seen in training) for an honest check. Options: {@code --data DIR} (required), {@code --out FILE}
 * (required), {@code --holdout-fraction 0.25}, {@code --seed 7}, {@code --model BGE_SMALL_EN_V15_Q},
 * {@code --holdout-out FILE}, {@code --embedding-cache FILE}, {@code --learning-rate 0.1}, {@code --iterations 1000},
 * {@code --l2 0.01}, {@code --label strong_minus_weak}, {@code --features task} (or {@code prompt}, {@code embedding_and_prompt}),
 * {@code --holdout-subjects a,b|stem|humanities|social_sciences|other}.
 */
public final class TrainRouterCommand {
    static final Set<String> OPTIONS = Set.of("data", "out", "holdout-fraction", "seed", "model", "holdout-out",
            "embedding-cache", "learning-rate", "iterations", "l2", "label", "holdout-subjects", "features");
    /** MMLU's STEM category (Hendrycks et al.'s grouping): {@code --holdout-subjects stem} holds out all of it. */
    static final List<String> STEM = List.of("abstract_algebra", "astronomy", "college_biology", "college_chemistry",
            "college_computer_science", "college_mathematics", "college_physics", "computer_security", "conceptual_physics",
            "electrical_engineering", "elementary_mathematics", "high_school_biology", "high_school_chemistry",
            "high_school_computer_science", "high_school_mathematics", "high_school_physics", "high_school_statistics",
            "machine_learning");
    /** MMLU's other three categories (same grouping), each an out-of-domain split like STEM. */
    static final List<String> HUMANITIES = List.of("formal_logic", "high_school_european_history", "high_school_us_history",
            "high_school_world_history", "international_law", "jurisprudence", "logical_fallacies", "moral_disputes", "moral_scenarios",
            "philosophy", "prehistory", "professional_law", "world_religions");
    static final List<String> SOCIAL_SCIENCES = List.of("econometrics", "high_school_geography", "high_school_government_and_politics",
            "high_school_macroeconomics", "high_school_microeconomics", "high_school_psychology", "human_sexuality",
            "professional_psychology", "public_relations", "security_studies", "sociology", "us_foreign_policy");
    static final List<String> OTHER = List.of("anatomy", "business_ethics", "clinical_knowledge", "college_medicine", "global_facts",
            "human_aging", "management", "marketing", "medical_genetics", "miscellaneous", "nutrition", "professional_accounting",
            "professional_medicine", "virology");

    /**
     * Typed options; {@code holdoutOut} and {@code embeddingCache} may be null; {@code holdoutSubjects}, when not empty,
     * names the held-out subjects instead of drawing {@code holdoutFraction} of them.
     */
    public record Options(Path data, Path out, double holdoutFraction, long seed, EmbeddingModel model, Path holdoutOut,
                          Path embeddingCache, LearnedRouter.Settings settings, List<String> holdoutSubjects) {
        public Options(Path data, Path out, double holdoutFraction, long seed, EmbeddingModel model, Path holdoutOut,
                       Path embeddingCache, LearnedRouter.Settings settings) {
            this(data, out, holdoutFraction, seed, model, holdoutOut, embeddingCache, settings, List.of());
        }

        public Options {
            if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
                throw new IllegalArgumentException("holdout-fraction must be in [0, 1), got " + holdoutFraction);
            }
        }

        public static Options parse(String[] args) {
            Args a = Args.parse(args, OPTIONS);
            LearnedRouter.Settings d = LearnedRouter.Settings.defaults();
            long seed = a.integer("seed", 7);
            String holdoutOut = a.get("holdout-out", null);
            String cache = a.get("embedding-cache", null);
            return new Options(Path.of(a.required("data")), Path.of(a.required("out")), a.number("holdout-fraction", 0.25), seed,
                    EmbeddingModel.parse(a.get("model", EmbeddingModel.BGE_SMALL_EN_V15_Q.name())),
                    holdoutOut == null ? null : Path.of(holdoutOut), cache == null ? null : Path.of(cache),
                    new LearnedRouter.Settings(a.number("learning-rate", d.learningRate()), (int) a.integer("iterations", d.iterations()),
                            a.number("l2", d.l2()), seed, LearnedRouter.Label.parse(a.get("label", d.label().name())),
                            LearnedRouter.Features.parse(a.get("features", d.features().name()))),
                    subjects(a.get("holdout-subjects", "")));
        }

        private static List<String> subjects(String list) {
            if (list.isBlank()) {
                return List.of();
            }
            return switch (list.toLowerCase(java.util.Locale.ROOT)) {
                case "stem" -> STEM;
                case "humanities" -> HUMANITIES;
                case "social_sciences" -> SOCIAL_SCIENCES;
                case "other" -> OTHER;
                default -> List.of(list.split(","));
            };
        }
    }

    /** What a run produced. */
    public record Summary(LearnedRouter router, List<Example> training, List<Example> heldOut, RouterEvaluation.Result heldOutEvaluation) {
    }

    /** Parses {@code args}, runs, prints to {@code out}; returns the exit code (0 ok, 2 bad options). */
    public int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
        run(options, OnnxEmbedder.of(options.model()), out);
        return 0;
    }

    public Summary run(Options options, Embedder embedder, PrintStream out) {
        long start = System.nanoTime();
        List<Example> all = RoutingExamples.readDirectory(options.data());
        List<String> heldOutSubjects = options.holdoutSubjects().isEmpty() ? heldOutSubjects(all, options.holdoutFraction(), options.seed())
                : LearnedRouter.sorted(options.holdoutSubjects());
        Set<String> heldOutSet = new HashSet<>(heldOutSubjects);
        List<Example> training = new ArrayList<>();
        List<Example> heldOut = new ArrayList<>();
        for (Example e : all) {
            (heldOutSet.contains(e.subject()) ? heldOut : training).add(e);
        }
        out.printf("examples=%d subjects=%d training=%d (%d subjects) held_out=%d (%d subjects: %s)%n", all.size(),
                all.stream().map(Example::subject).distinct().count(), training.size(),
                training.stream().map(Example::subject).distinct().count(), heldOut.size(), heldOutSubjects.size(),
                String.join(",", heldOutSubjects));

        long embedStart = System.nanoTime();
        List<float[]> embeddings = options.settings().features() != LearnedRouter.Features.EMBEDDING_AND_PROMPT
                ? Collections.nCopies(all.size(), null) // a prompt-only router reads no embedding
                : EmbeddingCache.embed(embedder, StrongNeedScorer.prompts(all), options.embeddingCache(),
                        (done, total) -> {
                            if (done % 2048 < 256 || done == total) {
                                out.printf("embedded %d/%d (%.0f s)%n", done, total, seconds(embedStart));
                            }
                        });
        double embedSeconds = seconds(embedStart);
        List<float[]> trainingVectors = new ArrayList<>();
        List<float[]> heldOutVectors = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (heldOutSet.contains(all.get(i).subject()) ? heldOutVectors : trainingVectors).add(embeddings.get(i));
        }

        long fitStart = System.nanoTime();
        LearnedRouter router = LearnedRouter.train(training, trainingVectors, embedder, options.settings());
        double fitSeconds = seconds(fitStart);
        LearnedRouter.Metadata m = router.metadata();
        int weakWrong = m.trainingWeakWrong();
        out.printf("model=%s embedding_s=%.1f fit_s=%.1f%n", embedder.name(), embedSeconds, fitSeconds);
        out.printf("training: n=%d weak_wrong=%d (%.3f) loss=%.4f auc=%.3f accuracy=%.3f%n", training.size(), weakWrong,
                (double) weakWrong / training.size(), m.trainingLoss(), m.trainingAuc(),
                accuracy(router, training, trainingVectors));

        RouterEvaluation.Result evaluation = null;
        double heldOutAuc = Double.NaN;
        if (!heldOut.isEmpty()) {
            double[] scores = scores(router, heldOut, heldOutVectors);
            int[] labels = heldOut.stream().mapToInt(Example::weakWrong).toArray();
            heldOutAuc = Metrics.auc(scores, labels);
            evaluation = RouterEvaluation.evaluate("learned", heldOut, scores);
            out.printf("held_out: n=%d weak_wrong=%d auc=%.3f accuracy=%.3f loss=%.4f apgr=%.3f strong_share_for_50pct_gap=%.2f "
                            + "strong_share_for_80pct_gap=%.2f%n", heldOut.size(), java.util.Arrays.stream(labels).sum(), heldOutAuc,
                    Metrics.accuracy(scores, labels), meanLogLoss(scores, labels), evaluation.apgr(), evaluation.shareFor50(),
                    evaluation.shareFor80());
        }
        router = router.withMetadata(m.withHoldOut(heldOutSubjects, heldOut.size(), options.holdoutFraction(), heldOutAuc,
                Math.round(seconds(start) * 10) / 10.0));
        write(router, options.out());
        out.println("wrote " + options.out());
        if (options.holdoutOut() != null) {
            RoutingExamples.write(heldOut, options.holdoutOut());
            out.println("wrote " + options.holdoutOut() + " (" + heldOut.size() + " held-out rows)");
        }
        out.printf("total_s=%.1f%n", seconds(start));
        return new Summary(router, training, heldOut, evaluation);
    }

    /**
     * The held-out subjects: the distinct subjects in sorted order, shuffled with {@code new Random(seed)}, first
     * round(fraction * count) of them (at least one when fraction > 0, and never all). Returned sorted.
     */
    static List<String> heldOutSubjects(List<Example> examples, double fraction, long seed) {
        List<String> subjects = new ArrayList<>(examples.stream().map(Example::subject).distinct().sorted().toList());
        if (fraction <= 0) {
            return List.of();
        }
        if (subjects.size() < 2) {
            throw new IllegalArgumentException("need at least two subjects to hold some out, got " + subjects);
        }
        Collections.shuffle(subjects, new Random(seed));
        int count = (int) Math.max(1, Math.min(subjects.size() - 1, Math.round(fraction * subjects.size())));
        return LearnedRouter.sorted(subjects.subList(0, count));
    }

    private static double[] scores(LearnedRouter router, List<Example> examples, List<float[]> vectors) {
        double[] s = new double[examples.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = router.scoreEmbedded(examples.get(i).prompt(), vectors.get(i));
        }
        return s;
    }

    private static double accuracy(LearnedRouter router, List<Example> examples, List<float[]> vectors) {
        return Metrics.accuracy(scores(router, examples, vectors), examples.stream().mapToInt(Example::weakWrong).toArray());
    }

    private static double meanLogLoss(double[] p, int[] y) {
        double loss = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]));
            loss -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return loss / p.length;
    }

    private static void write(LearnedRouter router, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (OutputStream os = Files.newOutputStream(file)) {
                router.save(os);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    public static void main(String[] args) {
        System.exit(new TrainRouterCommand().run(args, System.out));
    }
}
