package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingExamplesTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadQuotedFieldsWithCommasNewlinesAndEscapedQuotes() {
        String csv = "prompt,mistralai/Mixtral-8x7B-Instruct-v0.1,gpt-4-1106-preview\n"
                + "\"A \"\"dished face\"\", often\nA. one\nB. two\nAnswer:\",True,False\n"
                + "plain prompt,false,TRUE,ignored extra\r\n"
                + "\"\",1,0";
        List<Example> rows = RoutingExamples.read(new StringReader(csv), "anatomy", "test");

        assertThat(rows).containsExactly(
                new Example("anatomy", "A \"dished face\", often\nA. one\nB. two\nAnswer:", true, false),
                new Example("anatomy", "plain prompt", false, true),
                new Example("anatomy", "", true, false));
    }

    @Test
    void shouldRejectValuesThatAreNotBooleans() {
        assertThatThrownBy(() -> RoutingExamples.read(new StringReader("p,w,s\nq,yes,True\n"), "x", "f.csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f.csv").hasMessageContaining("'yes'");
    }

    @Test
    void shouldRejectAnUnclosedQuote() {
        assertThatThrownBy(() -> RoutingExamples.read(new StringReader("p,w,s\n\"q,True,True\n"), "x", "f.csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not closed");
    }

    @Test
    void shouldReadADirectoryTakingSubjectsFromFileNames() throws Exception {
        Files.writeString(dir.resolve("mmlu_anatomy.csv"), "prompt,w,s\n\"a, b\",True,True\n");
        Files.writeString(dir.resolve("mmlu_college_biology.csv"), "prompt,w,s\nc,False,True\nd,True,False\n");
        Files.writeString(dir.resolve("notes.txt"), "not a csv");

        List<Example> rows = RoutingExamples.readDirectory(dir);

        assertThat(rows).extracting(Example::subject).containsExactly("anatomy", "college_biology", "college_biology");
        assertThat(rows.get(0).prompt()).isEqualTo("a, b");
    }

    @Test
    void shouldWriteWhatItReads() throws Exception {
        List<Example> rows = List.of(new Example("s", "x \"y\",\nz", false, true), new Example("s", "plain", true, true));
        StringWriter out = new StringWriter();
        RoutingExamples.write(rows, out);

        assertThat(out.toString()).startsWith(RoutingExamples.HEADER + "\n");
        assertThat(RoutingExamples.read(new StringReader(out.toString()), "s", "round trip")).isEqualTo(rows);
    }
}
