package dev.switchboard.cost;

import static dev.switchboard.cost.UsageEvents.cacheAnswer;
import static dev.switchboard.cost.UsageEvents.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.UsageEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SavingsTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    private static UsageEvent callTo(String model, String requested, String cost, String baseline) {
        UsageEvent event = call("acme", model, cost, baseline, AT, null, null, null, null);
        event.setRequestedModel(requested);
        return event;
    }

    @Test
    void shouldCreditRoutingWhenTheCallerSentAuto() {
        Savings saved = Savings.of(callTo("m/cheap", "auto", "0.000000100000", "0.000001000000"));

        assertThat(saved.routing()).isEqualTo(Money.of("0.000000900000"));
        assertThat(saved.baseline()).isEqualTo(Money.ZERO);
    }

    @Test
    void shouldCountAgainstTheBaselineWhenTheCallerNamedTheModel() {
        Savings saved = Savings.of(callTo("m/cheap", "m/cheap", "0.000000100000", "0.000001000000"));

        assertThat(saved.baseline()).isEqualTo(Money.of("0.000000900000"));
        assertThat(saved.routing()).isEqualTo(Money.ZERO);
    }

    @Test
    void shouldCreditRoutingWhenSwitchboardCalledAnotherModelThanTheOneNamed() {
        // A fallback, a substitution for a model the tenant may not use, or a cascade: Switchboard's choice.
        assertThat(Savings.of(callTo("m/backup", "m/cheap", "0.000000300000", "0.000001000000")).routing())
                .isEqualTo(Money.of("0.000000700000"));
    }

    @Test
    void shouldNotCreditRoutingWithoutEvidenceOfWhoChose() {
        Savings saved = Savings.of(callTo("m/cheap", null, "0.000000100000", "0.000001000000"));

        assertThat(saved.routing()).isEqualTo(Money.ZERO);
        assertThat(saved.baseline()).isEqualTo(Money.of("0.000000900000"));
    }

    @Test
    void shouldKeepANegativeSavingWhenTheChosenModelCostMore() {
        assertThat(Savings.of(callTo("m/dear", "auto", "0.000000333333", "0.000000111111")).routing())
                .isEqualTo(Money.of("-0.000000222222"));
    }

    @Test
    void shouldCountACacheAnswerAsCacheSavingOnly() {
        Savings saved = Savings.of(cacheAnswer("acme", "m/cheap", "0.000000150000", "0.000001234567", AT, null, null));

        assertThat(saved).isEqualTo(new Savings(Money.ZERO, Money.ZERO, Money.of("0.000000150000"), Money.ZERO));
    }

    @Test
    void shouldAddTheBatchDiscountBesideTheBaselineSaving() {
        UsageEvent batch = callTo("m/cheap", "m/cheap", "0.000000050000", "0.000000500000");
        batch.setBatchSaved(Money.of("0.000000050000"));

        Savings saved = Savings.of(batch);

        assertThat(saved.batch()).isEqualTo(Money.of("0.000000050000"));
        assertThat(saved.baseline()).isEqualTo(Money.of("0.000000450000"));
        assertThat(saved.total()).isEqualTo(Money.of("0.000000500000"));
    }
}
