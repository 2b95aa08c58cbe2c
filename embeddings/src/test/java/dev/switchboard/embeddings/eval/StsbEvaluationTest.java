package dev.switchboard.embeddings.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.EmbeddingModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The full STS-B table for every model (about a minute), written to target/stsb-eval.md. Only with
 * {@code -Dswitchboard.eval=true}.
 */
@EnabledIfSystemProperty(named = "switchboard.eval", matches = "true",
        disabledReason = "the full STS-B table takes about a minute; opt in with -Dswitchboard.eval=true -Dswitchboard.shared.data=<dir>")
class StsbEvaluationTest {
    @Test
    void measuresEveryModelOnTrainDevAndTest() throws IOException {
        Path stsb = StsBenchmark.assumeDirectory();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StsbEvaluation.run(stsb, List.of(EmbeddingModel.values()), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String table = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(table);
        Files.writeString(Path.of("target", "stsb-eval.md"), table);
        assertThat(table).contains("| dev |").contains("| test |");
    }
}
