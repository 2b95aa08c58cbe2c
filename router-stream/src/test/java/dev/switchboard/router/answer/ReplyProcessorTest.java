package dev.switchboard.router.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Reply;
import dev.switchboard.router.dedup.DedupEntry;
import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.router.dedup.DedupProcessor;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplyProcessorTest {
    private static final Duration WINDOW = Duration.ofHours(24);
    private final MockProcessorContext<String, Reply> context = new MockProcessorContext<>();
    private DedupLedger ledger;
    private ReplyProcessor reply;

    @BeforeEach
    void init() {
        KeyValueStore<String, DedupEntry> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DedupProcessor.STORE), Serdes.String(),
                DedupEntry.SERDE).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        ledger = new DedupLedger(store, WINDOW);
        context.setCurrentSystemTimeMs(0);
        reply = new ReplyProcessor(WINDOW);
        reply.init(context);
    }

    @Test
    void shouldCompleteTheRequestWithADeliveredAnswerAndReleaseItsRepeatsWithoutWritingItAgain() {
        ledger.begin("acme", "r1", 0);
        ledger.addWaiter("acme", "r1", ledger.find("acme", "r1", 0).orElseThrow(), "team.answers");

        reply.process(new Record<>("acme", Reply.delivered(answer("r1")), 0));

        List<Reply> out = forwarded();
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Reply.Kind.REPLAY);
            assertThat(r.topic()).isEqualTo("team.answers");
            assertThat(r.response().getMetadata()).containsEntry(DedupLedger.REPLAY_FLAG, "true");
        });
        assertThat(ledger.answered("acme", "r1", 0)).isTrue();
    }

    @Test
    void shouldDropASecondDeliveredAnswer() {
        ledger.begin("acme", "r1", 0);
        reply.process(new Record<>("acme", Reply.delivered(answer("r1")), 0));
        ledger.addWaiter("acme", "r1", ledger.find("acme", "r1", 0).orElseThrow(), "late.repeat");

        reply.process(new Record<>("acme", Reply.delivered(answer("r1")), 0));

        assertThat(forwarded()).as("nothing written, nothing released twice").isEmpty();
    }

    @Test
    void shouldWriteTheRoutersOwnAnswersEvenForARequestAlreadyAnswered() {
        ledger.begin("acme", "r1", 0);
        reply.process(new Record<>("acme", new Reply("llm.responses", answer("r1")), 0));
        reply.process(new Record<>("acme", new Reply("llm.responses", answer("r1")), 0));
        reply.process(new Record<>("acme", Reply.replay("llm.responses", answer("r1")), 0));

        assertThat(forwarded()).as("a repeat refused before dedup must still get its answer").hasSize(3);
    }

    private List<Reply> forwarded() {
        return context.forwarded().stream().map(f -> (Reply) f.record().value()).toList();
    }

    private static LlmResponse answer(String id) {
        return Responses.base(id, "acme", ResponseStatus.OK, Instant.EPOCH).setContent("ok").build();
    }
}
