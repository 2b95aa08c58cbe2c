package dev.switchboard.embeddings.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Retrains the verifier with the shipped settings on the shared data and checks the file is the shipped one, byte
 * for byte (so every figure in it is reproduced). Minutes of embedding: only with {@code -Dswitchboard.eval=true}.
 */
@EnabledIfSystemProperty(named = "switchboard.eval", matches = "true")
class VerifierReproductionTest {
    @Test
    void shouldReproduceTheShippedVerifier() throws IOException {
        Path data = Path.of(System.getProperty("switchboard.shared.data", "../shared/data"));
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("paraphrase/msrp")), "shared data not found at " + data);
        VerifierTraining.Options options = VerifierTraining.defaults(data, Path.of("target", "verifier-vectors.bin"));

        VerifierTraining.Result result = VerifierTraining.train(options, OnnxEmbedder.of(options.model()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        ByteArrayOutputStream trained = new ByteArrayOutputStream();
        result.verifier().save(trained);
        try (InputStream shipped = SameQuestionVerifier.class.getResourceAsStream(SameQuestionVerifier.RESOURCE)) {
            assertThat(trained.toString(StandardCharsets.UTF_8)).isEqualTo(new String(shipped.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
