package dev.switchboard.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A learned router: logistic regression over the prompt's sentence embedding followed by a few cheap text features
 * ({@link TextFeatures}), all standardised with the training set's means and deviations. With the label
 * {@link Label#STRONG_MINUS_WEAK} (the shipped router) two models are fitted, P(strong right) and P(weak right), and
 * {@link #score} is {@code (1 + P(strong right) − P(weak right)) / 2}: the expected gain in quality from sending the
 * prompt strong, so prompts both models fail (or both pass) rank low. With {@link Label#WEAK_WRONG} the score is
 * P(weak wrong). The higher, the more the strong model is needed. Immutable and thread-safe if its {@link Embedder} is.
 */
public final class LearnedRouter implements StrongNeedScorer {
    /** The classpath resource holding the router trained on RouteLLM's MMLU labels (see routing-model/README.md). */
    public static final String DEFAULT_RESOURCE = "dev/switchboard/routing/mmlu-router.json";
    static final int FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** What the router learns to predict. */
    public enum Label {
        /** The weak model answered wrongly: score = P(weak wrong). */
        WEAK_WRONG,
        /** The quality gained by going strong: score = (1 + P(strong right) − P(weak right)) / 2. */
        STRONG_MINUS_WEAK;

        public static Label parse(String name) {
            for (Label l : values()) {
                if (l.name().equalsIgnoreCase(name.replace('-', '_'))) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown label '" + name + "'; known: weak_wrong, strong_minus_weak");
        }
    }

    /** Gradient-descent settings; {@link #defaults()} are the ones the shipped router was trained with. */
    public record Settings(double learningRate, int iterations, double l2, long seed, Label label, Features features) {
        public Settings {
            new LogisticRegression.Settings(learningRate, iterations, l2, seed); // validates
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(features, "features");
        }

        /** Over the embedding and the prompt features. */
        public Settings(double learningRate, int iterations, double l2, long seed, Label label) {
            this(learningRate, iterations, l2, seed, label, Features.EMBEDDING_AND_PROMPT);
        }

        /** The "weak wrong" label. */
        public Settings(double learningRate, int iterations, double l2, long seed) {
            this(learningRate, iterations, l2, seed, Label.WEAK_WRONG);
        }

        public static Settings defaults() {
            return new Settings(0.1, 1000, 0.01, 7, Label.STRONG_MINUS_WEAK, Features.TASK);
        }
    }

    /**
     * What the model reads. {@link #TASK} (the shipped router): the task-type and difficulty features
     * ({@link TaskFeatures}) only; {@link #PROMPT}: the text-shape features ({@link TextFeatures}) and those. Neither
     * reads an embedding, so scoring costs no model call; both ranked better than the embedding on held-out MMLU
     * subjects, and the task features alone best on held-out whole categories (routing-model README).
     * {@link #EMBEDDING_AND_PROMPT}: the sentence embedding followed by the text and task features.
     */
    public enum Features {
        TASK, PROMPT, EMBEDDING_AND_PROMPT;

        /** The prompt features' names this choice reads after the embedding (if any). */
        List<String> names() {
            return this == TASK ? TaskFeatures.NAMES : PROMPT_FEATURES;
        }

        public static Features parse(String name) {
            for (Features f : values()) {
                if (f.name().equalsIgnoreCase(name.replace('-', '_').replace('+', '_').replace(",", "_and_"))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown features '" + name + "'; known: prompt, embedding_and_prompt");
        }
    }

    /**
     * What the router was trained on and how well it fitted. Held-out fields are filled by the train command (null
     * or NaN when there was no hold-out).
     */
    public record Metadata(
            String trainedAt,
            List<String> trainingSubjects,
            List<String> heldOutSubjects,
            int trainingExamples,
            int trainingWeakWrong,
            Integer heldOutExamples,
            Double holdoutFraction,
            long seed,
            double learningRate,
            int iterations,
            double l2,
            double trainingLoss,
            double trainingAuc,
            Double heldOutAuc,
            Double trainingSeconds) {

        Metadata withHoldOut(List<String> subjects, int examples, double fraction, double auc, double seconds) {
            return new Metadata(trainedAt, trainingSubjects, subjects, trainingExamples, trainingWeakWrong, examples, fraction,
                    seed, learningRate, iterations, l2, trainingLoss, trainingAuc, auc, seconds);
        }
    }

    /** The JSON layout of a saved router. */
    record RouterFile(
            int format,
            String embeddingModel,
            int embeddingDimensions,
            List<String> textFeatures,
            double[] means,
            double[] stds,
            double[] weights,
            double bias,
            double[] scoreQuantiles,
            Metadata training,
            String label,
            double[] weakRightWeights,
            Double weakRightBias,
            Boolean promptOnly) {

        /** Files written before prompt-only routers read the embedding. */
        boolean usesEmbedding() {
            return promptOnly == null || !promptOnly;
        }

        /** The label; files written before labels were recorded learned "weak wrong". */
        Label labelOrDefault() {
            return label == null ? Label.WEAK_WRONG : Label.parse(label);
        }
    }

    /**
     * The prompt features after the embedding: the text's shape ({@link TextFeatures}) and its task type and apparent
     * difficulty ({@link TaskFeatures}). Routers trained before the task features (7 names) still load and score.
     */
    static final List<String> PROMPT_FEATURES = java.util.stream.Stream.concat(TextFeatures.NAMES.stream(), TaskFeatures.NAMES.stream()).toList();

    private final Embedder embedder;
    private final RouterFile file;

    private LearnedRouter(Embedder embedder, RouterFile file) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.file = file;
        int d = (file.usesEmbedding() ? file.embeddingDimensions() : 0) + file.textFeatures().size();
        if (file.weights().length != d || file.means().length != d || file.stds().length != d) {
            throw new IllegalArgumentException("router file: expected " + d + " weights, means and stds, got "
                    + file.weights().length + ", " + file.means().length + ", " + file.stds().length);
        }
        if (file.labelOrDefault() == Label.STRONG_MINUS_WEAK && (file.weakRightWeights() == null || file.weakRightWeights().length != d
                || file.weakRightBias() == null)) {
            throw new IllegalArgumentException("router file: label strong_minus_weak needs " + d + " weak_right weights and a bias");
        }
        if (!file.textFeatures().equals(PROMPT_FEATURES) && !file.textFeatures().equals(TaskFeatures.NAMES)
                && !file.textFeatures().equals(TextFeatures.NAMES)) {
            throw new IllegalArgumentException("router file: text features " + file.textFeatures() + " are none of this version's "
                    + PROMPT_FEATURES + ", " + TaskFeatures.NAMES + " or the first router's " + TextFeatures.NAMES);
        }
        if (file.usesEmbedding() && embedder.dimensions() != file.embeddingDimensions()) {
            throw new IllegalArgumentException("router was trained on " + file.embeddingDimensions() + "-dimensional embeddings ("
                    + file.embeddingModel() + "), embedder '" + embedder.name() + "' gives " + embedder.dimensions());
        }
        if (file.usesEmbedding() && !embedder.name().equals(file.embeddingModel())) {
            throw new IllegalArgumentException("router was trained with embedding model '" + file.embeddingModel()
                    + "', got embedder '" + embedder.name() + "'");
        }
    }

    /** Trains on {@code examples}, embedding each prompt with {@code embedder} when the settings read embeddings. */
    public static LearnedRouter train(List<Example> examples, Embedder embedder, Settings settings) {
        List<float[]> embeddings = settings.features() != Features.EMBEDDING_AND_PROMPT ? java.util.Collections.nCopies(examples.size(), null)
                : embedder.embedAll(StrongNeedScorer.prompts(examples));
        return train(examples, embeddings, embedder, settings);
    }

    /**
     * Trains on {@code examples} whose embeddings (from {@code embedder}) are already known, in the same order; with
     * {@link Features#TASK} or {@link Features#PROMPT} the embeddings are not read (they may be null).
     */
    public static LearnedRouter train(List<Example> examples, List<float[]> embeddings, Embedder embedder, Settings settings) {
        boolean promptOnly = settings.features() != Features.EMBEDDING_AND_PROMPT;
        if (examples.size() != embeddings.size()) {
            throw new IllegalArgumentException(examples.size() + " examples but " + embeddings.size() + " embeddings");
        }
        int n = examples.size();
        double[][] x = new double[n][];
        int[] y = new int[n];
        int[] strongRight = new int[n];
        int[] weakRight = new int[n];
        int weakWrong = 0;
        for (int i = 0; i < n; i++) {
            x[i] = rawFeatures(examples.get(i).prompt(), promptOnly ? null : embeddings.get(i), settings.features().names());
            y[i] = examples.get(i).weakWrong();
            weakWrong += y[i];
            strongRight[i] = examples.get(i).strongCorrect() ? 1 : 0;
            weakRight[i] = 1 - y[i];
        }
        int d = x[0].length;
        double[] means = new double[d];
        double[] stds = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                means[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            means[j] /= n;
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                stds[j] += (row[j] - means[j]) * (row[j] - means[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            stds[j] = Math.sqrt(stds[j] / n);
            if (stds[j] < 1e-9) {
                stds[j] = 1; // a constant feature: centred to zero, left unscaled
            }
        }
        for (double[] row : x) {
            standardise(row, means, stds);
        }
        LogisticRegression.Settings gd = new LogisticRegression.Settings(settings.learningRate(), settings.iterations(), settings.l2(), settings.seed());
        boolean gain = settings.label() == Label.STRONG_MINUS_WEAK;
        LogisticRegression.Fit fit = LogisticRegression.train(x, gain ? strongRight : y, gd);
        LogisticRegression.Fit weakFit = gain ? LogisticRegression.train(x, weakRight, gd) : null;
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = gain ? gainScore(fit.probability(x[i]), weakFit.probability(x[i])) : fit.probability(x[i]);
        }
        List<String> subjects = examples.stream().map(Example::subject).distinct().sorted().toList();
        Metadata metadata = new Metadata(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), subjects, null, n, weakWrong,
                null, null, settings.seed(), settings.learningRate(), settings.iterations(), settings.l2(),
                fit.finalLoss(), Metrics.auc(scores, y), null, null);
        RouterFile file = new RouterFile(FORMAT, embedder.name(), embedder.dimensions(), settings.features().names(), means, stds,
                fit.weights(), fit.bias(), quantilesDescending(scores), metadata, settings.label().name().toLowerCase(Locale.ROOT),
                gain ? weakFit.weights() : null, gain ? weakFit.bias() : null, promptOnly ? Boolean.TRUE : null);
        return new LearnedRouter(embedder, file);
    }

    LearnedRouter withMetadata(Metadata metadata) {
        return new LearnedRouter(embedder, new RouterFile(file.format(), file.embeddingModel(), file.embeddingDimensions(),
                file.textFeatures(), file.means(), file.stds(), file.weights(), file.bias(), file.scoreQuantiles(), metadata, file.label(),
                file.weakRightWeights(), file.weakRightBias(), file.promptOnly()));
    }

    @Override
    public double score(String prompt) {
        return scoreEmbedded(prompt, file.usesEmbedding() ? embedder.embed(prompt) : null);
    }

    @Override
    public double[] scoreAll(List<String> prompts) {
        List<float[]> embeddings = file.usesEmbedding() ? embedder.embedAll(prompts) : java.util.Collections.nCopies(prompts.size(), null);
        double[] scores = new double[prompts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = scoreEmbedded(prompts.get(i), embeddings.get(i));
        }
        return scores;
    }

    /**
     * The score of {@code prompt} whose embedding by this router's model is already known (a prompt-only router
     * ignores it; it may then be null).
     */
    public double scoreEmbedded(String prompt, float[] embedding) {
        if (!file.usesEmbedding()) {
            embedding = null;
        } else if (embedding == null || embedding.length != file.embeddingDimensions()) {
            throw new IllegalArgumentException("embedding has " + (embedding == null ? "no" : embedding.length) + " dimensions, expected "
                    + file.embeddingDimensions());
        }
        double[] x = rawFeatures(prompt, embedding, file.textFeatures());
        standardise(x, file.means(), file.stds());
        double main = LogisticRegression.sigmoid(file.bias() + LogisticRegression.dot(file.weights(), x));
        if (file.labelOrDefault() == Label.WEAK_WRONG) {
            return main;
        }
        return gainScore(main, LogisticRegression.sigmoid(file.weakRightBias() + LogisticRegression.dot(file.weakRightWeights(), x)));
    }

    /** (1 + P(strong right) − P(weak right)) / 2: the expected quality gained by going strong, mapped onto [0, 1]. */
    static double gainScore(double strongRight, double weakRight) {
        return (1 + strongRight - weakRight) / 2;
    }

    /** What this router predicts. */
    public Label label() {
        return file.labelOrDefault();
    }

    /**
     * The score at or above which about {@code strongShare} of the training prompts fell: route a prompt strong when
     * its score is at least this to send roughly that share strong (on prompts like the training set).
     */
    public double thresholdForStrongShare(double strongShare) {
        if (!(strongShare >= 0 && strongShare <= 1)) {
            throw new IllegalArgumentException("strongShare must be in [0, 1], got " + strongShare);
        }
        double[] q = file.scoreQuantiles();
        return q[(int) Math.round(strongShare * (q.length - 1))];
    }

    /** Whether scoring reads the prompt's embedding (false: prompt features only, no model call). */
    public boolean usesEmbedding() {
        return file.usesEmbedding();
    }

    /**
     * The embedding model id this router was trained with, e.g. {@code bge-small-en-v1.5-q} (recorded for a
     * prompt-only router too: the model its training run had, whose vectors it does not read).
     */
    public String modelId() {
        return file.embeddingModel();
    }

    public Metadata metadata() {
        return file.training();
    }

    /** The fitted weights and bias in the standardised feature space (embedding dimensions first), copies. */
    public double[] weights() {
        return file.weights().clone();
    }

    public double bias() {
        return file.bias();
    }

    public void save(OutputStream out) throws IOException {
        JSON.writeValue(new NonClosing(out), file);
    }

    /** Reads a router saved by {@link #save}; {@code embedder} must be the model it was trained with. */
    public static LearnedRouter load(InputStream in, Embedder embedder) throws IOException {
        return new LearnedRouter(embedder, readFile(in));
    }

    /** The embedding model id recorded in a saved router, without building one (to choose the embedder). */
    public static String modelIdOf(InputStream in) throws IOException {
        return readFile(in).embeddingModel();
    }

    /** The shipped MMLU router ({@link #DEFAULT_RESOURCE}), scoring with {@code embedder}. */
    public static LearnedRouter loadDefault(Embedder embedder) {
        try (InputStream in = openDefault()) {
            return load(in, embedder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped MMLU router with an in-process embedder of the model it was trained with. */
    public static LearnedRouter loadDefault() {
        return loadDefault(OnnxEmbedder.of(EmbeddingModel.parse(defaultModelId())));
    }

    /** The embedding model id of the shipped router. */
    public static String defaultModelId() {
        try (InputStream in = openDefault()) {
            return modelIdOf(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream openDefault() {
        InputStream in = LearnedRouter.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing from the classpath");
        }
        return in;
    }

    private static RouterFile readFile(InputStream in) throws IOException {
        RouterFile file = JSON.readValue(in, RouterFile.class);
        if (file.format() != FORMAT) {
            throw new IllegalArgumentException("router file format " + file.format() + ", this version reads " + FORMAT);
        }
        return file;
    }

    /**
     * The embedding (none when null) followed by the named prompt features ({@link #PROMPT_FEATURES}, the task
     * features alone, or the first router's seven text features).
     */
    static double[] rawFeatures(String prompt, float[] embedding, List<String> names) {
        double[] text = names.equals(TextFeatures.NAMES) ? TextFeatures.of(prompt)
                : names.equals(TaskFeatures.NAMES) ? TaskFeatures.of(prompt) : promptFeatures(prompt);
        if (embedding == null) {
            return text;
        }
        double[] x = new double[embedding.length + text.length];
        for (int i = 0; i < embedding.length; i++) {
            x[i] = embedding[i];
        }
        System.arraycopy(text, 0, x, embedding.length, text.length);
        return x;
    }

    static double[] promptFeatures(String prompt) {
        double[] text = TextFeatures.of(prompt);
        double[] task = TaskFeatures.of(prompt);
        double[] both = Arrays.copyOf(text, text.length + task.length);
        System.arraycopy(task, 0, both, text.length, task.length);
        return both;
    }

    private static void standardise(double[] x, double[] means, double[] stds) {
        for (int j = 0; j < x.length; j++) {
            x[j] = (x[j] - means[j]) / stds[j];
        }
    }

    /** q[k] = the score with k% of the scores at or above it (q[0] = max, q[100] = min). */
    static double[] quantilesDescending(double[] scores) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double[] q = new double[101];
        for (int k = 0; k <= 100; k++) {
            int above = (int) Math.round(k / 100.0 * n); // this many at or above the threshold
            q[k] = above == 0 ? Math.nextUp(sorted[n - 1]) : sorted[n - above];
        }
        return q;
    }

    static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    /** Jackson closes the stream it writes to; the caller owns it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
