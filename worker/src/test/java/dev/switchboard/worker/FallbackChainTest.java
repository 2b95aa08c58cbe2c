package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackChainTest {
    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    private static RoutedRequest chain(String... fallbacks) {
        RoutedRequest routed = RoutedRequests.of("r1", "acme", "sim/small", "Hello", null);
        routed.setFallbackModels(new ArrayList<>(List.of(fallbacks)));
        return routed;
    }

    private static ProviderResult.Failure failure(FailureKind kind) {
        return new ProviderResult.Failure("sim", false, kind, "boom", 500, null);
    }

    @Test
    void shouldFallOverOnlyForTheProvidersFaultWhileTheChainHasAModelLeft() {
        assertThat(FallbackChain.fallsOver(chain("sim/large"), failure(FailureKind.SERVER_ERROR))).isTrue();
        assertThat(FallbackChain.fallsOver(chain("sim/large"), failure(FailureKind.CIRCUIT_OPEN))).isTrue();
        assertThat(FallbackChain.fallsOver(chain("sim/large"), failure(FailureKind.REJECTED_BY_PROVIDER))).isFalse();
        assertThat(FallbackChain.fallsOver(chain(), failure(FailureKind.SERVER_ERROR))).isFalse();
    }

    @Test
    void shouldSayWhichModelFailedHowAndAfterHowManyTries() {
        CallResult twice = new CallResult(List.of(new Attempt(failure(FailureKind.TIMEOUT), T, T), new Attempt(failure(FailureKind.TIMEOUT), T, T)));

        List<String> errors = FallbackChain.errorsWith(chain("sim/large"), failure(FailureKind.TIMEOUT), twice);

        assertThat(errors).containsExactly("sim/small via sim: provider_timeout: boom (after 2 tries)");
    }

    @Test
    void shouldHandTheRequestToTheNextModelWithTheRestOfTheChain() {
        RoutedRequest next = FallbackChain.next(chain("sim/large", "sim/long"), List.of("sim/small failed"));

        assertThat(next.getModel()).isEqualTo("sim/large");
        assertThat(next.getFallbackModels()).containsExactly("sim/long");
        assertThat(next.getRoute().getAttempt()).isEqualTo(2);
        assertThat(next.getRoute().getReason()).endsWith("fell over from sim/small");
        assertThat(next.getAttemptErrors()).containsExactly("sim/small failed");
    }
}
