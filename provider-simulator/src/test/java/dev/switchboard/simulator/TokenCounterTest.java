package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    @Test
    void countsWordsPunctuationAndSplitsLongWords() {
        assertThat(TokenCounter.count("")).isZero();
        assertThat(TokenCounter.count(null)).isZero();
        assertThat(TokenCounter.count("Hello, world!")).isEqualTo(4);
        assertThat(TokenCounter.count("internationalization")).isEqualTo(4); // 20 chars -> 1 + 19/6
        assertThat(TokenCounter.count("  spaces   are   free  ")).isEqualTo(3);
    }

    @Test
    void countsAreAdditiveAcrossWhitespaceAndPunctuationBoundaries() {
        assertThat(TokenCounter.count("Simulated answer: yes."))
                .isEqualTo(TokenCounter.count("Simulated") + TokenCounter.count(" answer") + TokenCounter.count(":")
                        + TokenCounter.count(" yes") + TokenCounter.count("."));
    }

    @Test
    void promptAddsPerMessageAndReplyOverhead() {
        List<ChatMessage> messages = List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi"));

        assertThat(TokenCounter.countPrompt(messages)).isEqualTo(3 + (4 + 3) + (4 + 1));
    }
}
