package dev.switchboard.launcher;

import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.embeddings.eval.PairEvaluation;
import dev.switchboard.embeddings.eval.PairMatcher;
import dev.switchboard.embeddings.eval.PairOptions;
import dev.switchboard.embeddings.eval.PairsFile;
import dev.switchboard.embeddings.eval.Scores;
import dev.switchboard.router.cache.semantic.QuantizedVector;
import dev.switchboard.router.cache.semantic.SemanticMatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard eval cache}: the semantic cache's precision and recall on labelled pairs, with the same
 * embedder and the same match rule ({@link SemanticMatch}: stored-vector cosine and the hit guard) as the router.
 */
@Command(name = "cache", description = "Precision, recall and F1 of the semantic cache's match rule on a file of labelled text pairs.")
final class EvalCacheCommand implements Callable<Integer> {
    /** The router's rule: the cached side is stored quantized, and the hit guard must agree. */
    static final PairMatcher ROUTER_RULE = (query, queryVector, cached, cachedVector, threshold) ->
            SemanticMatch.accepts(query, queryVector, cached, QuantizedVector.of(cachedVector), threshold);

    @Option(names = "--pairs", required = true, description = "Delimited file, one pair per line")
    Path pairs;

    @Option(names = "--delimiter", defaultValue = "tab", description = "Field delimiter: one character, or tab / \\t (default: tab)")
    String delimiter;

    @Option(names = "--text1-col", defaultValue = "0")
    int text1Col;

    @Option(names = "--text2-col", defaultValue = "1")
    int text2Col;

    @Option(names = "--label-col", defaultValue = "2")
    int labelCol;

    @Option(names = "--same-at", defaultValue = "1", description = "Labels at or above mean the same (default ${DEFAULT-VALUE})")
    double sameAt;

    @Option(names = "--different-at", defaultValue = "0", description = "Labels at or below mean different (default ${DEFAULT-VALUE})")
    double differentAt;

    @Option(names = "--skip-header", description = "The first line is a header")
    boolean skipHeader;

    @Option(names = "--model", defaultValue = "BGE_SMALL_EN_V15_Q", description = "Embedding model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--threshold", description = "Default: the model's configured threshold")
    Double threshold;

    @Option(names = "--cosine-only", description = "Leave out the hit guard, to see what it adds")
    boolean cosineOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddingModel embeddingModel = EmbeddingModel.parse(model);
        PairsFile.Contents contents = PairsFile.read(pairs, new PairOptions(delimiter(), text1Col, text2Col, labelCol, sameAt, differentAt, skipHeader));
        long same = contents.pairs().stream().filter(p -> p.same()).count();
        out.printf(Locale.ROOT, "%s: %d pairs (%d same, %d different), %d left out between the labels; model %s%s%n", pairs,
                contents.pairs().size(), same, contents.pairs().size() - same, contents.leftOut(), embeddingModel.id(),
                cosineOnly ? ", cosine only" : ", cosine and hit guard (the router's rule)");
        PairMatcher matcher = cosineOnly ? PairMatcher.COSINE : ROUTER_RULE;
        PairEvaluation evaluation = new PairEvaluation(contents.pairs(), OnnxEmbedder.of(embeddingModel));
        double chosen = threshold != null ? threshold : embeddingModel.defaultThreshold();
        Scores atChosen = evaluation.at(chosen, matcher);
        out.printf(Locale.ROOT, "at threshold %.2f: precision %.4f  recall %.4f  f1 %.4f  (%d true hits, %d wrong hits, %d missed)%n",
                chosen, atChosen.precision(), atChosen.recall(), atChosen.f1(), atChosen.truePositives(), atChosen.falsePositives(),
                atChosen.falseNegatives());
        out.println("threshold  precision  recall  f1");
        for (Scores s : evaluation.sweep(0.50, 0.99, 0.01, matcher)) {
            out.printf(Locale.ROOT, "%9.2f  %9.4f  %6.4f  %.4f%n", s.threshold(), s.precision(), s.recall(), s.f1());
        }
        evaluation.chooseThreshold(0.95, matcher).ifPresent(s ->
                out.printf(Locale.ROOT, "lowest threshold with precision >= 0.95 on this file: %.2f%n", s.threshold()));
        out.println(atChosen.summaryLine());
        out.flush();
        return 0;
    }

    private char delimiter() {
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") || delimiter.equals("\t")) {
            return '\t';
        }
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("--delimiter must be one character or 'tab', got '" + delimiter + "'");
        }
        return delimiter.charAt(0);
    }
}
