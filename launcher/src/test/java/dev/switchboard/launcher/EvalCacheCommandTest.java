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
        assertThat(lines.get(lines.size() - 1)).matches("precision=\\d\\.\\d{4} recall=\\d\\.\\d{4} f1=\\d\\.\\d{4} threshold=0\\.60 pairs=4");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("     0.50"));
    }

    @Test
    void shouldMeasureTheOlderRuleAndReplayOnline() throws Exception {
        Path pairs = Files.writeString(dir.resolve("pairs.tsv"), String.join("\n",
                "How do I reverse a list in Python?\tHow can I reverse a list in Python?\t1",
                "What is the capital of France?\tWhat is the capital of Germany?\t0",
                "Is it safe to drink tap water in Spain?\tIs it not safe to drink tap water in Spain?\t0",
                "How do I encrypt a file with GPG?\tHow can I encrypt a file using GPG?\t1",
                ""));

        List<String> guard = run("eval", "cache", "--pairs", pairs.toString(), "--rule", "guard");
        List<String> online = run("eval", "cache", "--pairs", pairs.toString(), "--online", "--target", "0.02", "--seed", "3");

        assertThat(guard.get(0)).contains("cosine and hit guard");
        assertThat(guard.get(guard.size() - 1)).endsWith("threshold=0.82 pairs=4");
        assertThat(online.get(online.size() - 2)).matches("served_precision=\\d\\.\\d{4} recall=\\d\\.\\d{4} verifications_per_100=\\d+\\.\\d{2} "
                + "final_cut=\\d\\.\\d{2} lookups=4");
        assertThat(online.get(online.size() - 1)).matches("precision=\\d\\.\\d{4} recall=\\d\\.\\d{4} f1=\\d\\.\\d{4} threshold=\\d\\.\\d{2} pairs=4");
    }

    private static List<String> run(String... args) {
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(new SwitchboardCommand());
        command.setOut(new PrintWriter(output));
        assertThat(command.execute(args)).isZero();
        return output.toString().lines().toList();
    }
}
