package dev.switchboard.router.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HitGuardTest {
    @Test
    void shouldRejectDifferentNamedThings() {
        assertThat(HitGuard.agree("What is the capital of France?", "What is the capital of Germany?")).isFalse();
    }

    @Test
    void shouldRejectOppositePolarity() {
        assertThat(HitGuard.agree("Is it safe to eat raw eggs?", "Is it not safe to eat raw eggs?")).isFalse();
        assertThat(HitGuard.agree("Which is the largest planet?", "Which is the smallest planet?")).isFalse();
        assertThat(HitGuard.agree("Convert 10 miles to km", "Convert 12 miles to km")).isFalse();
    }

    @Test
    void shouldLeaveAMoreSpecificQuestionToTheThreshold() {
        assertThat(HitGuard.agree("Lionel Richie is dancing on the ceiling.", "Lionel Richie dances on the ceiling in 1986.")).isTrue();
        assertThat(HitGuard.agree("A man is slicing a potato into pieces.", "A man is cutting a potato.")).isTrue();
    }

    @Test
    void shouldAcceptParaphrasesThatKeepTheDecidingWords() {
        assertThat(HitGuard.agree("How do I reverse a list in Java?", "how can i reverse a Java list")).isTrue();
        assertThat(HitGuard.agree("What is the capital of France?", "Tell me France's capital city.")).isTrue();
        assertThat(HitGuard.agree("What does a Kafka partition leader do?", "Explain what a partition leader does in Kafka")).isTrue();
    }
}
