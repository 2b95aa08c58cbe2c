package dev.switchboard.router.budget;

import dev.switchboard.router.Reply;
import dev.switchboard.router.governance.AdmissionListener;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.coalesce.Coalescer;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Where the budget step's decisions go: on to the model's topic, a refusal to the reply step, an ask or a return to the ledger. */
final class BudgetOutlets {
    private final ProcessorContext<String, Object> context;
    private final AdmissionListener listener;
    private final String routeChild;
    private final String replyChild;
    private final String leasesChild;
    private final Coalescer coalescer;

    BudgetOutlets(ProcessorContext<String, Object> context, AdmissionListener listener, String routeChild, String replyChild, String leasesChild,
                  Coalescer coalescer) {
        this.context = context;
        this.listener = listener;
        this.routeChild = routeChild;
        this.replyChild = replyChild;
        this.leasesChild = leasesChild;
        this.coalescer = coalescer;
    }

    void pass(RoutedRequest routed, long timestamp) {
        context.forward(new Record<>(routed.getRequest().getTenant(), (Object) routed, timestamp), routeChild);
    }

    /**
     * Answered here, in the lane: the reply step completes the request's dedup entry and releases its repeats. If
     * identical requests wait behind it, they are sent on their own (see {@link Coalescer#abandon}).
     */
    void refuse(BudgetGate.Refuse refusal, long timestamp) {
        LlmRequest request = refusal.routed().getRequest();
        if (refusal.routed().getCacheKey() != null) {
            coalescer.abandon(refusal.routed().getCacheKey(), request.getRequestId());
        }
        listener.refused(request.getTenant(), refusal.code());
        LlmResponse answer = Responses.rejected(request.getRequestId(), request.getTenant(), refusal.code(), refusal.message(),
                request.getMetadata(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(new Record<>(request.getTenant(), (Object) new Reply(Reply.topicFor(request), answer), timestamp), replyChild);
    }

    void toLedger(LeaseMessage message, long timestamp) {
        context.forward(new Record<>(message.tenant(), (Object) message, timestamp), leasesChild);
    }
}
