package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerGeneratorTest {

    private final AnswerGenerator generator = new AnswerGenerator();

    private static ChatRequest request(String question, Integer maxTokens) {
        return new ChatRequest("sim/small", List.of(new ChatMessage("user", question)), maxTokens, List.of());
    }

    @Test
    void naturalLengthStaysInRangeAndVaries() {
        Set<Integer> lengths = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            AnswerGenerator.Answer answer = generator.answer(request("question number " + i, null));
            assertThat(answer.completionTokens()).isBetween(AnswerGenerator.MIN_TOKENS, AnswerGenerator.MAX_TOKENS)
                    .isEqualTo(TokenCounter.count(answer.content()));
            assertThat(answer.content()).startsWith("Simulated answer from sim/small:").endsWith(".");
            assertThat(answer.finishReason()).isEqualTo("stop");
            lengths.add(answer.completionTokens());
        }
        assertThat(lengths.size()).isGreaterThan(20);
    }

    @Test
    void capNeverExceedsMaxTokens() {
        int natural = generator.answer(request("a fairly ordinary question", null)).completionTokens();
        for (int max = 1; max <= AnswerGenerator.MAX_TOKENS + 5; max++) {
            AnswerGenerator.Answer answer = generator.answer(request("a fairly ordinary question", max));
            assertThat(answer.completionTokens()).isLessThanOrEqualTo(max);
            assertThat(answer.finishReason()).isEqualTo(max < natural ? "length" : "stop");
        }
    }
}
