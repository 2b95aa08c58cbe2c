package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswersTest {
    private static final Answers ANSWERS = new Answers(new CostCalculator(ModelCatalog.loadDefault()));
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static RoutedRequest withFallbacks(String model, String... fallbacks) {
        RoutedRequest routed = RoutedRequests.of("r1", "acme", model, "Hello", null);
        routed.setFallbackModels(new ArrayList<>(List.of(fallbacks)));
        return routed;
    }

    private static CallResult failures(FailureKind kind, int tries) {
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            attempts.add(new Attempt(new ProviderResult.Failure("sim", false, kind, "boom " + i, 500, null), T, T));
        }
        return new CallResult(attempts);
    }

    @Test
    void shouldHandOverToTheNextModelWhenRetriesAreExhausted() {
        CallOutcome outcome = ANSWERS.answered(withFallbacks("sim/small", "sim/large", "sim/long"), failures(FailureKind.SERVER_ERROR, 3), T);

        assertThat(outcome.terminal()).isFalse();
        RoutedRequest next = outcome.fallback();
        assertThat(next.getModel()).isEqualTo("sim/large");
        assertThat(next.getFallbackModels()).containsExactly("sim/long");
        assertThat(next.getRoute().getAttempt()).isEqualTo(2);
        assertThat(next.getRoute().getModelsTried()).containsExactly("sim/small", "sim/large");
        assertThat(next.getAttemptErrors()).singleElement().asString().contains("sim/small").contains("provider_error").contains("after 3 tries");
        assertThat(outcome.usage()).as("every call that reached the provider is counted").hasSize(3)
                .extracting(u -> u.getEventId()).containsExactly("r1:1:sim/small", "r1:1:sim/small#2", "r1:1:sim/small#3");
        assertThat(outcome.usage()).as("each call has its own id").extracting(u -> u.getCallId()).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void shouldFailWithEveryReasonAndADeadLetterWhenTheChainIsExhausted() {
        RoutedRequest last = withFallbacks("sim/long");
        last.setAttemptErrors(new ArrayList<>(List.of("sim/small via sim: provider_error: boom", "sim/large via sim: provider_timeout: slow")));

        CallOutcome outcome = ANSWERS.answered(last, failures(FailureKind.SERVER_ERROR, 1), T);

        assertThat(outcome.terminal()).isTrue();
        assertThat(outcome.response().getStatus()).isEqualTo(ResponseStatus.FAILED);
        assertThat(outcome.response().getError().getMessage()).contains("every model failed").contains("sim/small").contains("sim/large").contains("sim/long");
        assertThat(outcome.deadLetter().getReason()).isEqualTo(outcome.response().getError().getMessage());
        assertThat(outcome.cacheFill().getResponse()).isEqualTo(outcome.response());
    }

    @Test
    void shouldNotFallOverForAFaultOfTheRequest() {
        CallOutcome outcome = ANSWERS.answered(withFallbacks("sim/small", "sim/large"), failures(FailureKind.REJECTED_BY_PROVIDER, 1), T);

        assertThat(outcome.terminal()).isTrue();
        assertThat(outcome.response().getError().getCode()).isEqualTo("provider_rejected");
    }

    @Test
    void shouldFallOverPastAnOpenCircuitWithoutCountingAUsageEvent() {
        CallResult refused = new CallResult(List.of(new Attempt(new ProviderResult.Failure("sim", false, FailureKind.CIRCUIT_OPEN, "open", null, null), T, T)));

        CallOutcome outcome = ANSWERS.answered(withFallbacks("sim/small", "sim/large"), refused, T);

        assertThat(outcome.fallback().getModel()).isEqualTo("sim/large");
        assertThat(outcome.usage()).isEmpty();
    }

    @Test
    void shouldEscalateACutOffCheapAnswerAndChargeBothCalls() {
        CostCalculator costs = new CostCalculator(ModelCatalog.loadDefault());
        RoutedRequest cheap = withFallbacks("sim/small");
        cheap.setEscalateTo("sim/large");
        ProviderResult cutOff = new ProviderResult.Success("sim", true, "Half an ans", "length", 40, 100, 0, 0, true);

        CallOutcome first = ANSWERS.answered(cheap, new CallResult(List.of(new Attempt(cutOff, T, T))), T);

        assertThat(first.terminal()).isFalse();
        RoutedRequest strong = first.fallback();
        assertThat(strong.getModel()).isEqualTo("sim/large");
        assertThat(strong.getEscalateTo()).isNull();
        assertThat(strong.getRoute().getModelsTried()).containsExactly("sim/small", "sim/large");
        assertThat(strong.getAttemptErrors()).singleElement().asString().contains("cut off");
        java.math.BigDecimal cheapCost = costs.cost("sim/small", 40, 0, 100, false).amount();
        assertThat(strong.getPriorCost()).isEqualTo(cheapCost);
        assertThat(first.usage()).singleElement().satisfies(u -> assertThat(u.getCost()).isEqualTo(cheapCost));

        ProviderResult good = new ProviderResult.Success("sim", true, "A whole answer.", "stop", 40, 20, 0, 0, true);
        CallOutcome second = ANSWERS.answered(strong, new CallResult(List.of(new Attempt(good, T, T))), T);

        assertThat(second.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(second.response().getCost()).as("both calls charged")
                .isEqualTo(dev.switchboard.schemas.Money.of(cheapCost.add(costs.cost("sim/large", 40, 0, 20, false).amount())));
        assertThat(second.response().getRoute().getStrategy()).endsWith("+cascade");
    }

    @Test
    void shouldTellTheAggregatorWhatTheCallerAskedForAndWhatTheBatchRateSaved() {
        CostCalculator costs = new CostCalculator(ModelCatalog.loadDefault());
        RoutedRequest batch = withFallbacks("sim/small");
        batch.setTier(Tier.BATCH);
        ProviderResult fine = new ProviderResult.Success("sim", true, "Paris.", "stop", 1000, 200, 0, 0, true);

        UsageEvent event = ANSWERS.answered(batch, new CallResult(List.of(new Attempt(fine, T, T))), T).usage().get(0);

        BigDecimal standard = costs.cost("sim/small", 1000, 0, 200, false).amount();
        BigDecimal discounted = costs.cost("sim/small", 1000, 0, 200, true).amount();
        assertThat(discounted).as("sim/small has batch rates").isLessThan(standard);
        assertThat(event.getCost()).isEqualByComparingTo(discounted);
        assertThat(event.getBatchSaved()).isEqualByComparingTo(standard.subtract(discounted));
        assertThat(event.getRequestedModel()).isEqualTo("sim/small");

        UsageEvent standardCall = ANSWERS.answered(withFallbacks("sim/small"), new CallResult(List.of(new Attempt(fine, T, T))), T).usage().get(0);
        assertThat(standardCall.getBatchSaved()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void shouldKeepACheapAnswerThatPassesTheCheck() {
        RoutedRequest cheap = withFallbacks("sim/small");
        cheap.setEscalateTo("sim/large");
        ProviderResult fine = new ProviderResult.Success("sim", true, "Paris.", "stop", 10, 2, 0, 0, true);

        assertThat(ANSWERS.answered(cheap, new CallResult(List.of(new Attempt(fine, T, T))), T).terminal()).isTrue();
    }

    @Test
    void shouldLetAJudgeEscalateAnAnswerThatPassedTheChecksAndChargeItsCall() {
        CostCalculator costs = new CostCalculator(ModelCatalog.loadDefault());
        RoutedRequest cheap = withFallbacks("sim/small");
        cheap.setEscalateTo("sim/large");
        cheap.setJudgeModel("sim/large");
        ProviderResult plausible = new ProviderResult.Success("sim", true, "Paris is in Italy.", "stop", 10, 6, 0, 0, true);
        CallResult answer = new CallResult(List.of(new Attempt(plausible, T, T)));
        CallResult no = new CallResult(List.of(new Attempt(new ProviderResult.Success("sim", true, "NO, Paris is in France.", "stop", 30, 7, 0, 0, true), T, T)));
        CallResult yes = new CallResult(List.of(new Attempt(new ProviderResult.Success("sim", true, "YES", "stop", 30, 1, 0, 0, true), T, T)));

        CallOutcome rejected = ANSWERS.answered(cheap, answer, java.util.Optional.of(no), T);

        assertThat(rejected.terminal()).isFalse();
        assertThat(rejected.fallback().getAttemptErrors()).singleElement().asString().contains("judge sim/large said: NO");
        assertThat(rejected.usage()).extracting(u -> u.getEventId()).containsExactly("r1:1:sim/small", "r1:1:sim/large:judge");
        assertThat(rejected.fallback().getPriorCost()).isEqualTo(dev.switchboard.schemas.Money.of(
                costs.cost("sim/small", 10, 0, 6, false).amount().add(costs.cost("sim/large", 30, 0, 7, false).amount())));

        CallOutcome accepted = ANSWERS.answered(cheap, answer, java.util.Optional.of(yes), T);

        assertThat(accepted.terminal()).isTrue();
        assertThat(accepted.response().getCost()).as("the cheap call and the judge's").isEqualTo(dev.switchboard.schemas.Money.of(
                costs.cost("sim/small", 10, 0, 6, false).amount().add(costs.cost("sim/large", 30, 0, 1, false).amount())));
    }
}
