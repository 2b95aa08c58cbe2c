package dev.switchboard.router.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisiveWordsTest {
    @Test
    void shouldFindNumbersNamesOppositesAndNegation() {
        assertThat(DecisiveWords.of("Isn't Paris's largest museum open after 10.5 hours?").asSet())
                .containsExactlyInAnyOrder("!not", "@paris", "~largest", "~after", "#10.5");
        assertThat(DecisiveWords.of("How do I bake bread").isEmpty()).isTrue();
    }

    @Test
    void shouldReadBackWhatItStored() {
        DecisiveWords words = DecisiveWords.of("Convert 10 miles to km in France, not Germany");
        byte[] stored = words.encode();

        assertThat(DecisiveWords.decode(stored, 0, stored.length)).isEqualTo(words);
        assertThat(DecisiveWords.decode(new byte[0], 0, 0).isEmpty()).isTrue();
    }

    @Test
    void shouldGiveTheSameDigestToTheSameWordsInAnotherOrder() {
        assertThat(DecisiveWords.of("Question 5 of run 2: animal number 7").digest())
                .isEqualTo(DecisiveWords.of("Animal number 7 (question 5, run 2)").digest());
    }
}
