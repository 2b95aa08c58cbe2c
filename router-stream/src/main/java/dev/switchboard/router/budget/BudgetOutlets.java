package dev.switchboard.router.budget;

import dev.switchboard.router.Reply;
import dev.switchboard.router.governance.AdmissionListener;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.schemas.CacheFill;
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
    private final String terminalChild;

    BudgetOutlets(ProcessorContext<String, Object> context, AdmissionListener listener, String routeChild, String replyChild, String leasesChild,
                  String terminalChild) {
        this.terminalChild = terminalChild;
        this.context = context;
        this.listener = listener;
        this.routeChild = routeChild;
        this.replyChild = replyChild;
        this.leasesChild = leasesChild;
    }

    void pass(RoutedRequest routed, long timestamp) {
        context.forward(new Record<>(routed.getRequest().getTenant(), (Object) routed, timestamp), routeChild);
    }

    /**
     * Answers REJECTED and also writes the answer to llm.cache-fill as the request's terminal answer, exactly as a
     * worker reports a failure, so that repeats of its id and identical requests parked behind it are released.
     */
    void refuse(BudgetGate.Refuse refusal, long timestamp) {
        LlmRequest request = refusal.routed().getRequest();
        listener.refused(request.getTenant(), refusal.code());
        LlmResponse answer = Responses.rejected(request.getRequestId(), request.getTenant(), refusal.code(), refusal.message(),
                request.getMetadata(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(new Record<>(request.getTenant(), (Object) new Reply(Reply.topicFor(request), answer), timestamp), replyChild);
        CacheFill terminal = CacheFill.newBuilder().setTenant(request.getTenant()).setRequestId(request.getRequestId())
                .setCacheKey(refusal.routed().getCacheKey()).setTtlSeconds(null).setResponse(answer).build();
        context.forward(new Record<>(request.getTenant(), (Object) terminal, timestamp), terminalChild);
    }

    void toLedger(LeaseMessage message, long timestamp) {
        context.forward(new Record<>(message.tenant(), (Object) message, timestamp), leasesChild);
    }
}
