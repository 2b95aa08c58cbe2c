package dev.switchboard.embeddings.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuestionProfileTest {
    @Test
    void shouldFindNumbersNegationNamesAndOpposites() {
        QuestionProfile p = QuestionProfile.of("Is it not safe to fly from Paris to Rome with 2 kids and 1,500 euros? What is the cheapest way?");

        assertThat(p.negated()).isTrue();
        assertThat(p.numbers()).containsExactlyInAnyOrder("2".hashCode(), "1500".hashCode());
        assertThat(p.named()).containsExactlyInAnyOrder("paris".hashCode(), "rome".hashCode());
        assertThat(p.polar()).containsExactly("cheapest".hashCode());
        assertThat(p.content()).startsWith("safe".hashCode(), "fly".hashCode(), "paris".hashCode());
    }

    @Test
    void shouldNotTakeASentencesFirstWordForAName() {
        assertThat(QuestionProfile.of("Where is it? Where was it?").named()).isEmpty();
        assertThat(QuestionProfile.of("How do I install React?").named()).containsExactly("react".hashCode());
    }

    @Test
    void shouldReadNumberWordsAsNumbers() {
        assertThat(QuestionProfile.of("two cats").numbers()).containsExactly(QuestionProfile.of("2 cats").numbers());
    }

    @Test
    void shouldRoundTripThroughItsBytes() {
        QuestionProfile p = QuestionProfile.of("Can I take Aspirin during pregnancy, or not at 30 weeks?");
        byte[] bytes = p.toBytes();

        assertThat(QuestionProfile.fromBytes(bytes)).isEqualTo(p);
        assertThat(bytes.length).isLessThan(64);
        assertThatThrownBy(() -> QuestionProfile.fromBytes(new byte[] {9})).hasMessageContaining("format");
    }

    @Test
    void shouldMeasureWordOrder() {
        int[] dogBitesMan = QuestionProfile.of("dog bites man").content();
        int[] manBitesDog = QuestionProfile.of("man bites dog").content();

        assertThat(PairFeatures.orderAgreement(dogBitesMan, dogBitesMan)).isEqualTo(1.0);
        assertThat(PairFeatures.orderAgreement(dogBitesMan, manBitesDog)).isEqualTo(0.0);
    }
}
