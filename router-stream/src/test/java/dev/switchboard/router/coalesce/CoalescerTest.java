package dev.switchboard.router.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.ChatMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoalescerTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private KeyValueStore<String, InFlight> store;
    private Coalescer coalescer;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Coalescer.STORE), Serdes.String(), InFlight.SERDE).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        coalescer = new Coalescer(store, TIMEOUT);
    }

    @Test
    void shouldLetTheFirstGoAndLeadAtOnceSoThatLaterOnesWaitDuringItsLedgerRoundTrip() {
        assertThat(coalescer.join("k", request("r1"), 0).waits()).as("nobody leads yet: r1 goes on and leads").isFalse();
        assertThat(coalescer.join("k", request("r2"), 1).waits()).as("r1 leads while its budget lease is asked for").isTrue();

        assertThat(coalescer.lead("k", "r1", 2)).as("r1 already leads").isFalse();
        assertThat(coalescer.join("k", request("r3"), 4).waits()).isTrue();

        assertThat(coalescer.release("k", "r2")).as("only the leader's answer releases").isEmpty();
        assertThat(coalescer.release("k", "r1")).extracting(w -> w.request().getRequestId()).containsExactly("r2", "r3");
        assertThat(coalescer.lead("k", "r5", 5)).as("a waiter routed on its own after a failure leads where nobody does").isTrue();
    }

    @Test
    void shouldHandTheWaitersOfALeaderItsBudgetRefusedToTheStrandedCheck() {
        coalescer.join("k", request("r1"), 0);
        coalescer.join("k", request("r2"), 1);

        coalescer.abandon("k", "r2");
        assertThat(coalescer.expire(2)).as("only the leader can give its waiters up").isEmpty();
        coalescer.abandon("k", "r1");

        assertThat(coalescer.expire(2)).extracting(w -> w.request().getRequestId()).containsExactly("r2");
        assertThat(coalescer.join("k", request("r3"), 3).waits()).isFalse();
    }

    @Test
    void shouldHandTheWaitersOfALeaderThatNeverAnsweredToTheNextRequestOrTheTimer() {
        coalescer.lead("k", "r1", 0);
        coalescer.join("k", request("r2"), 1);
        long late = TIMEOUT.toMillis() + 1;

        Coalescer.Join join = coalescer.join("k", request("r3"), late);

        assertThat(join.waits()).isFalse();
        assertThat(join.orphans()).extracting(w -> w.request().getRequestId()).containsExactly("r2");
        coalescer.lead("other", "o1", 0);
        coalescer.join("other", request("o2"), 1);
        assertThat(coalescer.expire(late)).extracting(w -> w.request().getRequestId()).containsExactly("o2");
        assertThat(coalescer.expire(late)).isEmpty();
    }

    private static AdmittedRequest request(String id) {
        LlmRequest request = LlmRequest.newBuilder().setRequestId(id).setTenant("acme").setModel("sim/small")
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("hi").build())).build();
        return new AdmittedRequest(request, Instant.EPOCH, "k");
    }
}
