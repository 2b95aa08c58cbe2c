package dev.switchboard.router.coalesce;

import dev.switchboard.schemas.RoutedRequest;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The last step before a request leaves for its provider, after its budget is held: from here on identical requests
 * wait for it. Store: {@code inflight-store}.
 */
public final class LeadProcessor implements Processor<String, RoutedRequest, String, RoutedRequest> {
    private final Duration timeout;
    private ProcessorContext<String, RoutedRequest> context;
    private Coalescer coalescer;

    public LeadProcessor(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void init(ProcessorContext<String, RoutedRequest> context) {
        this.context = context;
        this.coalescer = new Coalescer(context.getStateStore(Coalescer.STORE), timeout);
    }

    @Override
    public void process(Record<String, RoutedRequest> record) {
        RoutedRequest routed = record.value();
        if (routed.getCacheKey() != null) {
            coalescer.lead(routed.getCacheKey(), routed.getRequest().getRequestId(), context.currentSystemTimeMs());
        }
        context.forward(record);
    }
}
