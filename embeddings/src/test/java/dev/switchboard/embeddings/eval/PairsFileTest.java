package dev.switchboard.embeddings.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class PairsFileTest {
    @TempDir
    Path dir;

    private static final PairOptions CSV = new PairOptions(',', 0, 1, 2, 1, 0, false);

    private PairsFile.Contents read(String content, PairOptions options) throws IOException {
        Path file = dir.resolve("pairs.txt");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return PairsFile.read(file, options);
    }

    @Test
    void readsTabSeparatedPairsWithDefaultOptions() throws IOException {
        PairsFile.Contents contents = read("how old are you\twhat is your age\t1\nhi\tbye\t0\n", PairOptions.defaults());

        assertThat(contents.pairs()).containsExactly(
                new TextPair("how old are you", "what is your age", true), new TextPair("hi", "bye", false));
        assertThat(contents.leftOut()).isZero();
    }

    @Test
    void quotedFieldMayHoldTheDelimiter() throws IOException {
        PairsFile.Contents contents = read("\"Paris, France\",\"Lyon, France\",0\n", CSV);

        assertThat(contents.pairs()).containsExactly(new TextPair("Paris, France", "Lyon, France", false));
    }

    @Test
    void quotedFieldMayHoldNewlinesAndDelimiters() throws IOException {
        PairsFile.Contents contents = read("\"first, line\r\nsecond line\",\"b\nc\",1\r\nx,y,0\r\n", CSV);

        assertThat(contents.pairs()).containsExactly(new TextPair("first, line\r\nsecond line", "b\nc", true), new TextPair("x", "y", false));
    }

    @Test
    void lineNumbersInErrorsCountTheNewlinesInsideQuotes() {
        assertThatThrownBy(() -> read("\"first, line\r\nsecond line\",\"b\nc\",1\r\nx,y,0\r\nq,r,oops\n", CSV))
                .isInstanceOf(IOException.class).hasMessageContaining("line 5").hasMessageContaining("'oops'");
    }

    @Test
    void doubledQuoteInsideQuotesIsOneQuote() throws IOException {
        PairsFile.Contents contents = read("\"say \"\"hi\"\", please\",\"\"\"\",1\n", CSV);

        assertThat(contents.pairs()).containsExactly(new TextPair("say \"hi\", please", "\"", true));
    }

    @Test
    void quoteInsideAnUnquotedFieldIsText() throws IOException {
        PairsFile.Contents contents = read("a \"u2\" sign\tthe \"u2\" sign\t1\n", PairOptions.defaults());

        assertThat(contents.pairs()).containsExactly(new TextPair("a \"u2\" sign", "the \"u2\" sign", true));
    }

    @Test
    void malformedQuotingFallsBackToThePlainLine() throws IOException {
        // STS-B style: a sentence opens with a quote that is not a CSV quote, and another never closes
        PairsFile.Contents contents = read("\"Going Places\" bus\ta bus\t1\n\"unclosed\tx\t0\nn\tm\t1\n", PairOptions.defaults());

        assertThat(contents.pairs()).containsExactly(
                new TextPair("\"Going Places\" bus", "a bus", true), new TextPair("\"unclosed", "x", false), new TextPair("n", "m", true));
    }

    @Test
    void quotesSpanningTwoColumnsFallBackToThePlainLine() throws IOException {
        // sts-train.csv line 2104: a quote opens the first sentence and closes the second
        PairsFile.Contents contents = read("1.8\t\"Oh, you're good!\tYou're bad!\"\n", new PairOptions('\t', 1, 2, 0, 4, 2, false));

        assertThat(contents.pairs()).containsExactly(new TextPair("\"Oh, you're good!", "You're bad!\"", false));
    }

    @Test
    void headerIsSkippedOnlyWhenAsked() throws IOException {
        String content = "text1,text2,label\nhi,hello,1\n";

        assertThat(read(content, CSV.withSkipHeader(true)).pairs()).containsExactly(new TextPair("hi", "hello", true));
        assertThatThrownBy(() -> read(content, CSV))
                .isInstanceOf(IOException.class).hasMessageContaining("line 1").hasMessageContaining("skip-header");
    }

    @Test
    void labelsBetweenDifferentAndSameAreLeftOut() throws IOException {
        PairOptions sts = new PairOptions('\t', 0, 1, 2, 4, 2, false);
        PairsFile.Contents contents = read("a\tb\t4.0\nc\td\t3.9\ne\tf\t2.0\ng\th\t2.01\ni\tj\t5\n", sts);

        assertThat(contents.pairs()).containsExactly(new TextPair("a", "b", true), new TextPair("e", "f", false), new TextPair("i", "j", true));
        assertThat(contents.leftOut()).isEqualTo(2);
    }

    @Test
    void picksConfiguredColumnsAndIgnoresExtraOnes() throws IOException {
        PairOptions options = new PairOptions(';', 3, 1, 0, 1, 0, false);
        PairsFile.Contents contents = read("1;second;ignored;first;extra\n", options);

        assertThat(contents.pairs()).containsExactly(new TextPair("first", "second", true));
    }

    @Test
    void columnBeyondTheRowIsAClearError() {
        PairOptions options = new PairOptions('\t', 0, 1, 7, 1, 0, false);

        assertThatThrownBy(() -> read("a\tb\t1\n", options))
                .isInstanceOf(IOException.class).hasMessageContaining("line 1").hasMessageContaining("3 fields").hasMessageContaining("column 7");
    }

    @Test
    void blankLinesAndByteOrderMarkAreIgnored() throws IOException {
        PairsFile.Contents contents = read("\uFEFFa\tb\t1\n\n\r\nc\td\t0", PairOptions.defaults());

        assertThat(contents.pairs()).containsExactly(new TextPair("a", "b", true), new TextPair("c", "d", false));
    }

    @Test
    void readsTheRepositorysStsDevSample() throws IOException {
        PairsFile.Contents sample = StsBenchmark.devSample();

        assertThat(sample.pairs()).hasSize(200);
        assertThat(sample.leftOut()).isEqualTo(108);
        assertThat(sample.pairs()).contains(new TextPair("A woman posing by a pillar with a U2 sign.", "a woman is standing by a pillar where \"u2\" is written.", true));
    }

    @Test
    @EnabledIfSystemProperty(named = StsBenchmark.DATA_PROPERTY, matches = ".+", disabledReason = StsBenchmark.OPT_IN)
    void readsTheStsBenchmarkAsPublished() throws IOException {
        Path stsb = StsBenchmark.assumeDirectory();

        PairsFile.Contents dev = PairsFile.read(stsb.resolve("sts-dev.csv"), PairOptions.stsBenchmark());

        assertThat(dev.pairs().size() + dev.leftOut()).isEqualTo(1500);
        PairsFile.Contents train = PairsFile.read(stsb.resolve("sts-train.csv"), PairOptions.stsBenchmark());
        assertThat(train.pairs().size() + train.leftOut()).isEqualTo(5749);
        assertThat(dev.pairs()).contains(new TextPair("A woman posing by a pillar with a U2 sign.", "a woman is standing by a pillar where \"u2\" is written.", true));
    }
}
