package dev.switchboard.worker.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilientCallerTest {
    private static final ChatCall CALL = new ChatCall("m", List.of(), new GenerationParams(null, null, null, new ArrayList<>(), null), Duration.ofSeconds(1));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ResilienceConfig fast = ResilienceConfig.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
            .withCircuit(4, 4, Duration.ofMillis(300));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private CallResult call(ResilientCaller caller, ScriptedProvider provider) throws Exception {
        return caller.call(provider, "m", CALL, 100).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldRetryRetryableFailuresAndReturnTheSuccess() throws Exception {
        ScriptedProvider provider = new ScriptedProvider().failing(FailureKind.SERVER_ERROR, 2, null);

        CallResult result = call(new ResilientCaller(fast, scheduler, Clock.systemUTC()), provider);

        assertThat(result.attempts()).hasSize(3);
        assertThat(result.result()).isInstanceOf(ProviderResult.Success.class);
    }

    @Test
    void shouldStopAfterMaxAttemptsWithTheLastFailure() throws Exception {
        ScriptedProvider provider = new ScriptedProvider().failing(FailureKind.TIMEOUT, 5, null);

        CallResult result = call(new ResilientCaller(fast, scheduler, Clock.systemUTC()), provider);

        assertThat(result.attempts()).hasSize(3);
        assertThat(((ProviderResult.Failure) result.result()).kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(provider.calls()).hasSize(3);
    }

    @Test
    void shouldNotRetryWhatTheRequestCausedItself() throws Exception {
        ScriptedProvider provider = new ScriptedProvider().failing(FailureKind.REJECTED_BY_PROVIDER, 1, null);

        CallResult result = call(new ResilientCaller(fast, scheduler, Clock.systemUTC()), provider);

        assertThat(result.attempts()).hasSize(1);
    }

    @Test
    void shouldWaitAtLeastRetryAfterBeforeRetrying() throws Exception {
        ScriptedProvider provider = new ScriptedProvider().failing(FailureKind.RATE_LIMITED, 1, Duration.ofMillis(400));

        CallResult result = call(new ResilientCaller(fast, scheduler, Clock.systemUTC()), provider);

        assertThat(result.result()).isInstanceOf(ProviderResult.Success.class);
        assertThat(Duration.between(provider.calls().get(0), provider.calls().get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void shouldFallOverInsteadOfWaitingLongerThanAllowed() throws Exception {
        ScriptedProvider provider = new ScriptedProvider().failing(FailureKind.RATE_LIMITED, 1, Duration.ofMinutes(5));

        CallResult result = call(new ResilientCaller(fast, scheduler, Clock.systemUTC()), provider);

        assertThat(result.attempts()).hasSize(1);
        assertThat(((ProviderResult.Failure) result.result()).kind().fallsOver()).isTrue();
    }

    @Test
    void shouldOpenTheCircuitAndRefuseCallsThenCloseAfterRecovery() throws Exception {
        ResilienceConfig oneTry = new ResilienceConfig(1, fast.initialBackoff(), 2, fast.maxBackoff(), fast.maxRetryAfter(), 50, 4, 4,
                Duration.ofMillis(300), 64, Map.of());
        ResilientCaller caller = new ResilientCaller(oneTry, scheduler, Clock.systemUTC());
        ScriptedProvider provider = new ScriptedProvider().failing(FailureKind.SERVER_ERROR, 4, null);
        for (int i = 0; i < 4; i++) {
            call(caller, provider);
        }
        assertThat(caller.circuitState("scripted", "m")).contains(CircuitBreaker.State.OPEN);

        CallResult refused = call(caller, provider);
        assertThat(((ProviderResult.Failure) refused.result()).kind()).isEqualTo(FailureKind.CIRCUIT_OPEN);
        assertThat(refused.last().reachedProvider()).isFalse();
        assertThat(provider.calls()).hasSize(4);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        CallResult after = refused;
        while (after.result() instanceof ProviderResult.Failure && System.nanoTime() < deadline) {
            after = call(caller, provider);
        }
        assertThat(after.result()).as("half-open lets a call through once the wait is over").isInstanceOf(ProviderResult.Success.class);
        for (int i = 0; i < 3; i++) {
            call(caller, provider);
        }
        assertThat(caller.circuitState("scripted", "m")).contains(CircuitBreaker.State.CLOSED);
    }
}
