package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
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
}
