package dev.switchboard.routing;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code eval router}: the RouteLLM evaluation of a learned router against random routing on one CSV. Options:
 * {@code --data FILE} (required), {@code --router FILE} (default: the shipped {@link LearnedRouter#DEFAULT_RESOURCE}),
 * {@code --model NAME} (default: the router file's model; must match it). The random baseline is the exact
 * expectation of uniformly random routing ({@link RouterEvaluation#randomExpectation}); a line also shows the mean
 * APGR of 20 seeded {@link RandomRouter}s as a check. The last line is
 * {@code apgr=A random_apgr=R strong_share_for_80pct_gap=S prompts=N}.
 */
public final class EvalRouterCommand {
    static final Set<String> OPTIONS = Set.of("data", "router", "model");
    static final int RANDOM_SEEDS = 20;

    /** {@code router} null = the shipped resource; {@code model} null = the router file's model. */
    public record Options(Path data, Path router, EmbeddingModel model) {
        public static Options parse(String[] args) {
            Args a = Args.parse(args, OPTIONS);
            String router = a.get("router", null);
            String model = a.get("model", null);
            return new Options(Path.of(a.required("data")), router == null ? null : Path.of(router),
                    model == null ? null : EmbeddingModel.parse(model));
        }
    }

    /** The learned router's and the random expectation's results. */
    public record Summary(RouterEvaluation.Result learned, RouterEvaluation.Result random, double seededRandomApgr) {
        /** {@code apgr=A random_apgr=R strong_share_for_80pct_gap=S prompts=N}. */
        public String lastLine() {
            return String.format(Locale.ROOT, "apgr=%.3f random_apgr=%.3f strong_share_for_80pct_gap=%.3f prompts=%d",
                    learned.apgr(), random.apgr(), learned.shareFor80(), learned.prompts());
        }
    }

    public int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
        String fileModel = routerModelId(options.router());
        EmbeddingModel model = options.model() != null ? options.model() : EmbeddingModel.parse(fileModel);
        if (!model.id().equals(fileModel)) {
            out.println("error: the router was trained with '" + fileModel + "', --model gives '" + model.id() + "'");
            return 2;
        }
        run(options, OnnxEmbedder.of(model), out);
        return 0;
    }

    public Summary run(Options options, Embedder embedder, PrintStream out) {
        LearnedRouter router;
        try (InputStream in = open(options.router())) {
            router = LearnedRouter.load(in, embedder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(RoutingExamples.read(options.data()), router, options.router() == null ? LearnedRouter.DEFAULT_RESOURCE
                : options.router().toString(), out);
    }

    /** Evaluates {@code router} on {@code examples} and prints the report. */
    public Summary run(List<Example> examples, StrongNeedScorer router, String routerName, PrintStream out) {
        long start = System.nanoTime();
        RouterEvaluation.Result learned = RouterEvaluation.evaluate("learned", examples, router);
        double scoreSeconds = (System.nanoTime() - start) / 1e9;
        RouterEvaluation.Result random = RouterEvaluation.randomExpectation(examples);
        double seeded = 0;
        for (int seed = 1; seed <= RANDOM_SEEDS; seed++) {
            seeded += RouterEvaluation.evaluate("random", examples, new RandomRouter(seed)).apgr();
        }
        seeded /= RANDOM_SEEDS;
        Summary summary = new Summary(learned, random, seeded);

        out.printf(Locale.ROOT, "router=%s prompts=%d weak_only=%.3f strong_only=%.3f scoring_s=%.1f%n", routerName,
                learned.prompts(), learned.weakOnly(), learned.strongOnly(), scoreSeconds);
        out.println("strong_share  learned_quality  learned_gap  random_quality  random_gap");
        for (int pct = 10; pct <= 90; pct += 10) {
            RouterEvaluation.Point l = learned.atPercent(pct);
            RouterEvaluation.Point r = random.atPercent(pct);
            out.printf(Locale.ROOT, "%11d%%  %15.3f  %11.3f  %14.3f  %10.3f%n", pct, l.quality(), l.gapRecovered(),
                    r.quality(), r.gapRecovered());
        }
        out.printf(Locale.ROOT, "apgr: learned=%.3f random=%.3f (exact expectation; mean of %d seeded random routers %.3f)%n",
                learned.apgr(), random.apgr(), RANDOM_SEEDS, seeded);
        out.printf(Locale.ROOT, "strong share for 50%% of gap: learned=%.2f random=%.2f%n", learned.shareFor50(), random.shareFor50());
        out.printf(Locale.ROOT, "strong share for 80%% of gap: learned=%.2f random=%.2f%n", learned.shareFor80(), random.shareFor80());
        out.println(summary.lastLine());
        return summary;
    }

    private static String routerModelId(Path router) {
        try (InputStream in = open(router)) {
            return LearnedRouter.modelIdOf(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(Path router) throws IOException {
        return router == null ? LearnedRouter.openDefault() : Files.newInputStream(router);
    }

    public static void main(String[] args) {
        System.exit(new EvalRouterCommand().run(args, System.out));
    }
}
