package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CascadeTest {
    private static final CostCalculator COSTS = new CostCalculator(ModelCatalog.loadDefault());
    private static final Cascade CASCADE = new Cascade(new CallPricing(COSTS));
    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private static final ProviderResult.Success WHOLE = new ProviderResult.Success("sim", true, "Paris.", "stop", 10, 2, 0, 0, true);

    private static RoutedRequest cheap(String judge) {
        RoutedRequest routed = RoutedRequests.of("r1", "acme", "sim/small", "Capital of France?", null);
        routed.setEscalateTo("sim/large");
        routed.setJudgeModel(judge);
        return routed;
    }

    private static Optional<CallResult> judged(ProviderResult verdict) {
        return Optional.of(new CallResult(List.of(new Attempt(verdict, T, T))));
    }

    @Test
    void shouldEscalateACutOffAnswerWithoutAskingTheJudge() {
        ProviderResult.Success cutOff = new ProviderResult.Success("sim", true, "Par", "length", 10, 2, 0, 0, true);

        Cascade.Verdict verdict = CASCADE.check(cheap("sim/large"), cutOff, Optional.empty());

        assertThat(verdict.judged()).isFalse();
        assertThat(verdict.escalation()).hasValueSatisfying(why -> assertThat(why).contains("cut off"));
        assertThat(verdict.judgeCost()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void shouldChargeTheJudgeWhateverItSaysAndEscalateOnlyOnNo() {
        ProviderResult.Success no = new ProviderResult.Success("sim", true, "NO", "stop", 30, 1, 0, 0, true);
        BigDecimal judgeCost = COSTS.cost("sim/large", 30, 0, 1, false).amount();

        Cascade.Verdict rejected = CASCADE.check(cheap("sim/large"), WHOLE, judged(no));
        Cascade.Verdict accepted = CASCADE.check(cheap("sim/large"), WHOLE,
                judged(new ProviderResult.Success("sim", true, "YES", "stop", 30, 1, 0, 0, true)));

        assertThat(rejected.judged()).isTrue();
        assertThat(rejected.escalation()).contains("judge sim/large said: NO");
        assertThat(rejected.judgeCost()).isEqualByComparingTo(judgeCost);
        assertThat(accepted.escalation()).isEmpty();
        assertThat(Cascade.keep(cheap("sim/large"), accepted).getPriorCost()).as("the kept answer carries the judge's cost")
                .isEqualByComparingTo(judgeCost);
    }

    @Test
    void shouldKeepTheAnswerWhenTheJudgeFailedToAnswer() {
        ProviderResult down = new ProviderResult.Failure("sim", true, FailureKind.SERVER_ERROR, "down", 500, null);

        Cascade.Verdict verdict = CASCADE.check(cheap("sim/large"), WHOLE, judged(down));

        assertThat(verdict.judged()).as("its failed call is still counted").isTrue();
        assertThat(verdict.escalation()).isEmpty();
        assertThat(verdict.judgeCost()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void shouldChargeTheStrongModelsRequestWithTheCheapCallAndTheJudge() {
        RoutedRequest routed = cheap("sim/large");
        Cascade.Verdict verdict = new Cascade.Verdict(true, Optional.of("judge said NO"), new BigDecimal("0.001"));

        RoutedRequest strong = CASCADE.escalate(routed, WHOLE, verdict);

        assertThat(strong.getModel()).isEqualTo("sim/large");
        assertThat(strong.getEscalateTo()).isNull();
        assertThat(strong.getRoute().getStrategy()).endsWith("+cascade");
        assertThat(strong.getPriorCost()).isEqualByComparingTo(COSTS.cost("sim/small", 10, 0, 2, false).amount().add(new BigDecimal("0.001")));
    }
}
