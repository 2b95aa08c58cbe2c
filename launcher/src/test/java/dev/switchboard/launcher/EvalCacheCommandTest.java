package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The evaluation command end to end on a small quoted CSV, with the real embedding model. */
class EvalCacheCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadQuotedCsvAndEndWithTheSummaryLine() throws Exception {
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), String.join("\n",
                "question1,question2,is_duplicate",
                "\"How do I learn Java, fast?\",\"What is the fastest way to learn Java?\",1",
                "\"What is the capital of France?\",\"What is the capital of Germany?\",0",
                "\"How do I cook rice?\",\"What is a good \"\"rice\"\" recipe,\nstep by step?\",1",
                "\"Is coffee bad for you?\",\"How far is the Moon?\",0",
                "\"Half-labelled pair\",\"left out\",0.5",
                ""));
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(new SwitchboardCommand());
        command.setOut(new PrintWriter(output));

        int exit = command.execute("eval", "cache", "--pairs", pairs.toString(), "--delimiter", ",", "--skip-header");

        assertThat(exit).isZero();
        List<String> lines = output.toString().lines().toList();
        assertThat(lines.get(0)).contains("4 pairs (2 same, 2 different), 1 left out");
        assertThat(lines.get(lines.size() - 1)).matches("precision=\\d\\.\\d{4} recall=\\d\\.\\d{4} f1=\\d\\.\\d{4} threshold=0\\.82 pairs=4");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("     0.50"));
    }
}
