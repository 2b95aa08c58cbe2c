package dev.switchboard.launcher;

import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.embeddings.eval.PairEvaluation;
import dev.switchboard.embeddings.eval.PairMatcher;
import dev.switchboard.embeddings.eval.PairOptions;
import dev.switchboard.embeddings.eval.PairsFile;
import dev.switchboard.embeddings.eval.Scores;
import dev.switchboard.embeddings.eval.TextPair;
import dev.switchboard.embeddings.online.BoundSettings;
import dev.switchboard.embeddings.online.OnlineReplay;
import dev.switchboard.embeddings.verify.QuestionProfile;
import dev.switchboard.embeddings.verify.SameQuestionVerifier;
import dev.switchboard.router.cache.semantic.QuantizedVector;
import dev.switchboard.router.cache.semantic.SemanticMatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard eval cache}: the semantic cache's precision and recall on labelled pairs. The rule is the
 * same-question verifier by default ({@code --rule verifier}: its probability at or above the threshold, the
 * verifier's default cut unless given); {@code --rule guard} is the router's older rule ({@link SemanticMatch}:
 * stored-vector cosine and the hit guard), {@code --rule cosine} (or {@code --cosine-only}) cosine alone.
 * {@code --online} replays the file as one tenant's stream under a {@code FalseHitController}.
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

    @Option(names = "--cosine-only", description = "Cosine alone (same as --rule cosine)")
    boolean cosineOnly;

    @Option(names = "--rule", defaultValue = "verifier", description = "verifier (default), guard (cosine and hit guard) or cosine")
    String rule;

    @Option(names = "--embedding-cache", description = "Keep the texts' vectors in this file between runs (same figures, less time)")
    Path embeddingCache;

    @Option(names = "--online", description = "Replay the pairs as one tenant's stream: first text cached, second asked, the label "
            + "revealed only when answers are compared; prints served-hit precision, recall and verifications per 100 lookups")
    boolean online;

    @Option(names = "--target", defaultValue = "0.02", description = "--online: the tenant's target false-hit rate (default ${DEFAULT-VALUE})")
    double target;

    @Option(names = "--verify-fraction", defaultValue = "0.05", description = "--online: share of would-be hits verified (default ${DEFAULT-VALUE})")
    double verifyFraction;

    @Option(names = "--seed", defaultValue = "7", description = "--online: seed of the stream order and the verification draws")
    long seed;

    @Option(names = "--no-compare-misses", description = "--online: learn only from paid verifications, not from misses' fresh answers")
    boolean noCompareMisses;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddingModel embeddingModel = EmbeddingModel.parse(model);
        Rule chosenRule = cosineOnly ? Rule.COSINE : Rule.parse(rule);
        SameQuestionVerifier verifier = SameQuestionVerifier.loadDefault();
        if ((chosenRule == Rule.VERIFIER || online) && !verifier.embeddingModel().equals(embeddingModel.id())) {
            throw new IllegalArgumentException("the verifier was trained on " + verifier.embeddingModel() + " vectors; use --model "
                    + verifier.embeddingModel() + " or --rule guard / cosine");
        }
        PairsFile.Contents contents = PairsFile.read(pairs, new PairOptions(delimiter(), text1Col, text2Col, labelCol, sameAt, differentAt, skipHeader));
        long same = contents.pairs().stream().filter(p -> p.same()).count();
        out.printf(Locale.ROOT, "%s: %d pairs (%d same, %d different), %d left out between the labels; model %s, %s%n", pairs,
                contents.pairs().size(), same, contents.pairs().size() - same, contents.leftOut(), embeddingModel.id(), chosenRule.description);
        PairEvaluation evaluation = new PairEvaluation(contents.pairs(), OnnxEmbedder.of(embeddingModel), embeddingCache);
        if (online) {
            return replay(out, contents.pairs(), evaluation, verifier);
        }
        PairMatcher matcher = chosenRule.matcher(verifier);
        double chosen = threshold != null ? threshold : chosenRule.defaultThreshold(embeddingModel, verifier);
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

    /** The pairs as one tenant's stream under its false-hit controller; the last line keeps the usual form (threshold = final cut). */
    private int replay(PrintWriter out, List<TextPair> textPairs, PairEvaluation evaluation, SameQuestionVerifier verifier) {
        List<OnlineReplay.Lookup> lookups = new ArrayList<>();
        for (TextPair p : textPairs) {
            double probability = verifier.probability(QuestionProfile.of(p.text2()), evaluation.vector(p.text2()),
                    QuestionProfile.of(p.text1()), evaluation.vector(p.text1()));
            lookups.add(new OnlineReplay.Lookup(probability, p.same()));
        }
        double initialCut = threshold != null ? threshold : verifier.defaultCut();
        BoundSettings settings = BoundSettings.of(target, verifyFraction, initialCut).withPriorErrors(verifier.priorErrors(BoundSettings.DEFAULT_BINS));
        OnlineReplay.Result r = OnlineReplay.replay(lookups, settings, seed, !noCompareMisses);
        out.printf(Locale.ROOT, "online: target false-hit rate %.3f, verify fraction %.3f, seed %d, %s%n", target, verifyFraction, seed,
                noCompareMisses ? "learning from paid verifications only" : "learning from paid verifications and misses' fresh answers");
        out.printf(Locale.ROOT, "lookups %d, served hits %d (%d right), paid verifications %d (%.2f per 100 lookups, verified error rate %.4f), "
                        + "misses compared %d; cut %.2f -> %.2f%n", r.lookups(), r.served(), r.servedCorrect(), r.verifications(),
                r.verificationsPer100(), r.verifiedErrorRate(), r.comparedMisses(), r.initialCut(), r.finalCut());
        out.println(r.summaryLine());
        int servedWrong = r.served() - r.servedCorrect();
        out.println(new Scores(r.finalCut(), r.servedCorrect(), servedWrong, r.samePairs() - r.servedCorrect(), r.lookups()).summaryLine());
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

    /** Which match rule to measure. */
    enum Rule {
        VERIFIER("same-question verifier (probability >= threshold)"),
        GUARD("cosine and hit guard (the router's rule before the verifier)"),
        COSINE("cosine only");

        final String description;

        Rule(String description) {
            this.description = description;
        }

        static Rule parse(String name) {
            for (Rule r : values()) {
                if (r.name().equalsIgnoreCase(name)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("--rule must be verifier, guard or cosine, got '" + name + "'");
        }

        PairMatcher matcher(SameQuestionVerifier verifier) {
            return switch (this) {
                case VERIFIER -> {
                    Map<String, QuestionProfile> profiles = new HashMap<>();
                    yield (query, queryVector, cached, cachedVector, cut) -> verifier.probability(
                            profiles.computeIfAbsent(query, QuestionProfile::of), queryVector,
                            profiles.computeIfAbsent(cached, QuestionProfile::of), cachedVector) >= cut;
                }
                case GUARD -> ROUTER_RULE;
                case COSINE -> PairMatcher.COSINE;
            };
        }

        double defaultThreshold(EmbeddingModel model, SameQuestionVerifier verifier) {
            return switch (this) {
                case VERIFIER -> verifier.defaultCut();
                case GUARD, COSINE -> model.defaultThreshold();
            };
        }
    }
}
