package dev.switchboard.embeddings.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Decides whether a semantic candidate asks the same question as the new text: a logistic model over
 * {@link PairFeatures} of the two {@link QuestionProfile}s and vectors gives a probability, and a hit needs it at or
 * above a cut ({@link #defaultCut()} unless the tenant's controller says otherwise). Immutable and thread-safe.
 * The shipped model ({@link #loadDefault()}) is trained on STS-B train with bge-small-en-v1.5-q vectors by
 * {@code switchboard train verifier}; embeddings/README.md has its figures.
 */
public final class SameQuestionVerifier {
    public static final String RESOURCE = "/dev/switchboard/embeddings/verify/same-question-verifier.json";
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String embeddingModel;
    private final int dimensions;
    private final boolean elementWise;
    private final LogisticModel model;
    private final double defaultCut;
    private final JsonNode training;

    public SameQuestionVerifier(String embeddingModel, int dimensions, boolean elementWise, LogisticModel model, double defaultCut, JsonNode training) {
        if (model.weights().length != PairFeatures.names(elementWise, dimensions).size()) {
            throw new IllegalArgumentException("model has " + model.weights().length + " weights, features need "
                    + PairFeatures.names(elementWise, dimensions).size());
        }
        if (!(defaultCut > 0 && defaultCut < 1)) {
            throw new IllegalArgumentException("default cut must be in (0, 1), got " + defaultCut);
        }
        this.embeddingModel = embeddingModel;
        this.dimensions = dimensions;
        this.elementWise = elementWise;
        this.model = model;
        this.defaultCut = defaultCut;
        this.training = training == null ? JSON.createObjectNode() : training;
    }

    /** P(same question) for a new text and a cached one, each with its profile and its vector from {@link #embeddingModel()}. */
    public double probability(QuestionProfile question, float[] vector, QuestionProfile cached, float[] cachedVector) {
        return model.probability(PairFeatures.of(question, vector, cached, cachedVector, elementWise));
    }

    /** Same question at the default cut. */
    public boolean same(QuestionProfile question, float[] vector, QuestionProfile cached, float[] cachedVector) {
        return probability(question, vector, cached, cachedVector) >= defaultCut;
    }

    /** The probability at or above which a candidate is a hit unless a tenant's controller has moved it. */
    public double defaultCut() {
        return defaultCut;
    }

    /** A copy with another default cut. */
    public SameQuestionVerifier withDefaultCut(double cut) {
        return new SameQuestionVerifier(embeddingModel, dimensions, elementWise, model, cut, training);
    }

    public SameQuestionVerifier withTraining(JsonNode metadata) {
        return new SameQuestionVerifier(embeddingModel, dimensions, elementWise, model, defaultCut, metadata);
    }

    /** The embedding model whose vectors this verifier was trained on (an {@code EmbeddingModel} id). */
    public String embeddingModel() {
        return embeddingModel;
    }

    public int dimensions() {
        return dimensions;
    }

    public LogisticModel model() {
        return model;
    }

    public JsonNode training() {
        return training;
    }

    /**
     * The share of different-question pairs per probability bin ({@code bins} equal bins of [0, 1)) among the labelled
     * pairs the cut was chosen on, smoothed towards 1 − the bin's probability by one pair: a per-tenant controller's
     * starting belief. Without recorded calibration, 1 − the bin's probability.
     */
    public double[] priorErrors(int bins) {
        JsonNode pairs = training.path("calibration").path("pairs");
        JsonNode wrong = training.path("calibration").path("different");
        double[] errors = new double[bins];
        for (int b = 0; b < bins; b++) {
            double mid = (b + 0.5) / bins;
            errors[b] = 1 - mid;
            if (pairs.isArray() && pairs.size() > 0) {
                int c = Math.min(pairs.size() - 1, (int) (mid * pairs.size()));
                errors[b] = (wrong.get(c).asDouble() + (1 - mid)) / (pairs.get(c).asDouble() + 1);
            }
        }
        return errors;
    }

    public static SameQuestionVerifier loadDefault() {
        try (InputStream in = SameQuestionVerifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the classpath");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SameQuestionVerifier load(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("unknown verifier format " + root.path("format"));
        }
        boolean elementWise = root.path("element_wise").asBoolean();
        int dimensions = root.path("dimensions").asInt();
        List<String> expected = PairFeatures.names(elementWise, dimensions);
        List<String> names = JSON.convertValue(root.path("features"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        if (!expected.equals(names)) {
            throw new IllegalArgumentException("the file's features differ from this build's: " + names);
        }
        LogisticModel model = new LogisticModel(doubles(root.path("means")), doubles(root.path("stds")), doubles(root.path("weights")),
                root.path("bias").asDouble());
        return new SameQuestionVerifier(root.path("embedding_model").asText(), dimensions, elementWise, model,
                root.path("default_cut").asDouble(), root.path("training"));
    }

    public void save(OutputStream out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("embedding_model", embeddingModel);
        root.put("dimensions", dimensions);
        root.put("element_wise", elementWise);
        root.put("default_cut", defaultCut);
        root.set("features", JSON.valueToTree(PairFeatures.names(elementWise, dimensions)));
        root.set("means", JSON.valueToTree(model.means()));
        root.set("stds", JSON.valueToTree(model.stds()));
        root.set("weights", JSON.valueToTree(model.weights()));
        root.put("bias", model.bias());
        root.set("training", training);
        JSON.writeValue(new NonClosing(out), root);
        out.write('\n');
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    /** Jackson closes what it writes to; the caller owns the stream. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
