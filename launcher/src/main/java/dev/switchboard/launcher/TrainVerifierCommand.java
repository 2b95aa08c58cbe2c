package dev.switchboard.launcher;

import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.embeddings.verify.VerifierTraining;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard train verifier}: trains the same-question verifier with {@link VerifierTraining#defaults} and
 * writes it; this reproduces the shipped
 * {@code embeddings/src/main/resources/dev/switchboard/embeddings/verify/same-question-verifier.json} byte for byte.
 */
@Command(name = "verifier", description = "Train the semantic cache's same-question verifier on STS-B train (the shipped settings); "
        + "prints precision and recall on every labelled set.")
final class TrainVerifierCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "The shared data folder (with paraphrase/stsb and paraphrase/msrp)")
    Path data;

    @Option(names = "--out", required = true, description = "Where to write the verifier (JSON)")
    Path out;

    @Option(names = "--embedding-cache", description = "Keep the texts' vectors in this file between runs (same figures, less time)")
    Path embeddingCache;

    @Override
    public Integer call() throws Exception {
        PrintStream log = System.out;
        VerifierTraining.Options options = VerifierTraining.defaults(data, embeddingCache);
        VerifierTraining.Result result = VerifierTraining.train(options, OnnxEmbedder.of(options.model()), log);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            result.verifier().save(os);
        }
        log.print(VerifierTraining.table(result.figures()));
        log.printf(Locale.ROOT, "wrote %s: default cut %.2f (cosine alone needs %.2f for the same precision)%n", out,
                result.verifier().defaultCut(), result.cosineCut());
        return 0;
    }
}
