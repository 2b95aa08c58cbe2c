package dev.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ChatAnswer;
import dev.switchboard.client.DeadlineExceededException;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final List<ChatAnswer> late = new ArrayList<>();
    private final PendingRequests pending = new PendingRequests(2, clock, Duration.ofMinutes(1), late::add);

    @Test
    void shouldCompleteTheCallerWithTheAnswerMatchedById() throws Exception {
        assertThat(pending.acquire(Duration.ZERO)).isTrue();
        CompletableFuture<ChatAnswer> future = pending.register("r1", clock.instant().plusSeconds(5));

        assertThat(pending.complete(answer("r1"))).isEqualTo(PendingRequests.Match.ANSWERED);
        assertThat(future.get().requestId()).isEqualTo("r1");
        assertThat(pending.inFlight()).isZero();
        assertThat(pending.complete(answer("r1"))).as("a duplicate answer").isEqualTo(PendingRequests.Match.UNKNOWN);
    }

    @Test
    void shouldRefuseASlotWhenEveryOneIsTaken() throws Exception {
        assertThat(pending.acquire(Duration.ZERO)).isTrue();
        pending.register("a", clock.instant().plusSeconds(5));
        assertThat(pending.acquire(Duration.ZERO)).isTrue();
        pending.register("b", clock.instant().plusSeconds(5));

        assertThat(pending.acquire(Duration.ZERO)).isFalse();
        pending.complete(answer("a"));
        assertThat(pending.acquire(Duration.ZERO)).as("the answer freed a slot").isTrue();
    }

    @Test
    void shouldFailTheCallerAtTheDeadlineAndStillCountTheLateAnswer() throws Exception {
        pending.acquire(Duration.ZERO);
        CompletableFuture<ChatAnswer> future = pending.register("slow", clock.instant().plusSeconds(5));
        clock.advance(Duration.ofSeconds(6));
        pending.expire();

        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(DeadlineExceededException.class);
        assertThat(pending.inFlight()).as("the request still holds its slot until its answer comes").isEqualTo(1);
        assertThat(pending.complete(answer("slow"))).isEqualTo(PendingRequests.Match.LATE);
        assertThat(late).extracting(ChatAnswer::requestId).containsExactly("slow");
        assertThat(pending.stats().late()).isEqualTo(1);
        assertThat(pending.stats().timedOut()).isEqualTo(1);
    }

    @Test
    void shouldForgetARequestOnlyAfterTheLateWindow() throws Exception {
        pending.acquire(Duration.ZERO);
        pending.register("lost", clock.instant().plusSeconds(5));
        clock.advance(Duration.ofSeconds(6));
        pending.expire();
        assertThat(pending.inFlight()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        pending.expire();
        assertThat(pending.inFlight()).isZero();
        assertThat(pending.stats().forgotten()).isEqualTo(1);
        assertThat(pending.awaitDrained(Duration.ZERO)).isTrue();
    }

    @Test
    void shouldRefuseASecondRequestWithTheSameIdInFlight() throws Exception {
        pending.acquire(Duration.ZERO);
        pending.register("same", clock.instant().plusSeconds(5));
        pending.acquire(Duration.ZERO);
        assertThatThrownBy(() -> pending.register("same", clock.instant().plusSeconds(5))).isInstanceOf(IllegalArgumentException.class);
        assertThat(pending.acquire(Duration.ZERO)).as("the refused registration gave its slot back").isTrue();
    }

    private static LlmResponse answer(String requestId) {
        return Responses.base(requestId, "acme", ResponseStatus.OK, Instant.EPOCH).setContent("hi").build();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
