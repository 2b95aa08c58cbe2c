package dev.switchboard.router.dedup;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.schemas.LlmRequest;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Drops a {@code request_id} the tenant already sent within the window. The repeat is answered with the first
 * answer if it exists, or queued until the reply step sees the first answer; it never reaches a provider a second time.
 */
public final class DedupProcessor implements Processor<String, AdmittedRequest, String, Object> {
    public static final String STORE = "dedup-store";
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final Duration window;
    private final String nextChild;
    private final String replyChild;
    private ProcessorContext<String, Object> context;
    private DedupLedger ledger;

    public DedupProcessor(Duration window, String nextChild, String replyChild) {
        this.window = window;
        this.nextChild = nextChild;
        this.replyChild = replyChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.ledger = new DedupLedger(context.getStateStore(STORE), window);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, ledger::purge);
    }

    @Override
    public void process(Record<String, AdmittedRequest> record) {
        LlmRequest request = record.value().request();
        long now = context.currentSystemTimeMs();
        Optional<DedupEntry> seen = ledger.find(request.getTenant(), request.getRequestId(), now);
        if (seen.isEmpty()) {
            ledger.begin(request.getTenant(), request.getRequestId(), now);
            context.forward(record.withValue(record.value()), nextChild);
        } else if (seen.get().answered()) {
            Reply reply = Reply.replay(record.value().replyTopic(), DedupLedger.replay(seen.get().answer()));
            context.forward(record.withValue(reply), replyChild);
        } else {
            ledger.addWaiter(request.getTenant(), request.getRequestId(), seen.get(), record.value().replyTopic());
        }
    }
}
