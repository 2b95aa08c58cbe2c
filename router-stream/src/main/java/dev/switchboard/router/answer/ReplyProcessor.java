package dev.switchboard.router.answer;

import dev.switchboard.router.Reply;
import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.router.dedup.DedupProcessor;
import dev.switchboard.schemas.LlmResponse;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one step in front of the replies sink, and the only one that completes dedup entries: a terminal answer
 * (the router's own, or a worker's already delivered) is recorded as the request's first answer and releases the
 * repeats queued behind it. A second delivered answer for a request that has one (a worker's redelivered call) is
 * dropped before it releases anything again. The router's own answers are always written: those given before dedup
 * (a repeat refused at admission, say) answer a repeat that would otherwise get nothing. Store: {@code dedup-store}.
 */
public final class ReplyProcessor implements Processor<String, Reply, String, Reply> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyProcessor.class);

    private final Duration dedupWindow;
    private ProcessorContext<String, Reply> context;
    private DedupLedger ledger;

    public ReplyProcessor(Duration dedupWindow) {
        this.dedupWindow = dedupWindow;
    }

    @Override
    public void init(ProcessorContext<String, Reply> context) {
        this.context = context;
        this.ledger = new DedupLedger(context.getStateStore(DedupProcessor.STORE), dedupWindow);
    }

    @Override
    public void process(Record<String, Reply> record) {
        Reply reply = record.value();
        if (reply.kind() != Reply.Kind.DELIVERED) {
            context.forward(record);
        }
        if (reply.kind() == Reply.Kind.REPLAY) {
            return;
        }
        LlmResponse answer = reply.response();
        if (answer.getRequestId() == null || answer.getTenant() == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        if (reply.kind() == Reply.Kind.DELIVERED && ledger.answered(answer.getTenant(), answer.getRequestId(), now)) {
            LOG.debug("dropped a second terminal answer to request {} of tenant {}", answer.getRequestId(), answer.getTenant());
            return;
        }
        for (Reply waiting : ledger.complete(answer.getTenant(), answer.getRequestId(), answer, now)) {
            context.forward(record.withValue(waiting));
        }
    }
}
