package dev.switchboard.embeddings.verify;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.embeddings.eval.PairOptions;
import dev.switchboard.embeddings.eval.PairsFile;
import dev.switchboard.embeddings.eval.TextPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verifier's cost against the embedding's, on STS-B test pairs: per text, the embedding and the profile; per
 * pair, the verification from stored profiles and vectors. Run: {@code VerifierBenchmark STSB_TEST_FILE}.
 */
public final class VerifierBenchmark {
    public static void main(String[] args) throws Exception {
        List<TextPair> pairs = PairsFile.read(Path.of(args[0]), PairOptions.stsBenchmark()).pairs();
        SameQuestionVerifier verifier = SameQuestionVerifier.loadDefault();
        Embedder embedder = OnnxEmbedder.of(EmbeddingModel.parse(verifier.embeddingModel()));
        List<String> texts = new ArrayList<>();
        pairs.forEach(p -> {
            texts.add(p.text1());
            texts.add(p.text2());
        });
        embedder.embedAll(texts.subList(0, 100));
        long t0 = System.nanoTime();
        List<float[]> vectors = new ArrayList<>();
        for (String t : texts) {
            vectors.add(embedder.embed(t));
        }
        double embedMicros = (System.nanoTime() - t0) / 1e3 / texts.size();
        List<QuestionProfile> profiles = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            profiles.clear();
            texts.forEach(t -> profiles.add(QuestionProfile.fromBytes(QuestionProfile.of(t).toBytes())));
        }
        long t1 = System.nanoTime();
        for (int round = 0; round < 10; round++) {
            profiles.clear();
            texts.forEach(t -> profiles.add(QuestionProfile.of(t)));
        }
        double profileMicros = (System.nanoTime() - t1) / 1e3 / texts.size() / 10;
        double sink = 0;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < texts.size(); i += 2) {
                sink += verifier.probability(profiles.get(i + 1), vectors.get(i + 1), profiles.get(i), vectors.get(i));
            }
        }
        long t2 = System.nanoTime();
        int rounds = 50;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < texts.size(); i += 2) {
                sink += verifier.probability(profiles.get(i + 1), vectors.get(i + 1), profiles.get(i), vectors.get(i));
            }
        }
        double verifyMicros = (System.nanoTime() - t2) / 1e3 / (rounds * pairs.size());
        System.out.printf(Locale.ROOT, "%d STS-B test texts, %s, %s%n", texts.size(), embedder.name(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "embedding:    %8.1f us per text%n", embedMicros);
        System.out.printf(Locale.ROOT, "profile:      %8.1f us per text (%.1f%% of the embedding; once per text, stored with the entry)%n",
                profileMicros, 100 * profileMicros / embedMicros);
        System.out.printf(Locale.ROOT, "verification: %8.1f us per candidate (%.2f%% of the embedding) [checksum %.3f]%n", verifyMicros,
                100 * verifyMicros / embedMicros, sink);
    }
}
