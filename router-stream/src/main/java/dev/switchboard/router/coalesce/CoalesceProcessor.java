package dev.switchboard.router.coalesce;

import dev.switchboard.router.AdmittedRequest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A cache miss identical to a request at a provider right now waits for its answer (answered COALESCED by the answer
 * step) instead of calling again; any other goes on to routing. Requests that waited behind a leader that never
 * answered are routed on their own, found by a frequent check. Store: {@code inflight-store}.
 */
public final class CoalesceProcessor implements Processor<String, AdmittedRequest, String, AdmittedRequest> {
    /** Stranded waiters are looked for often: they are requests someone is waiting on. */
    private static final Duration STRANDED_CHECK_INTERVAL = Duration.ofSeconds(10);

    private final Duration timeout;
    private ProcessorContext<String, AdmittedRequest> context;
    private Coalescer coalescer;

    public CoalesceProcessor(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void init(ProcessorContext<String, AdmittedRequest> context) {
        this.context = context;
        this.coalescer = new Coalescer(context.getStateStore(Coalescer.STORE), timeout);
        context.schedule(STRANDED_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> onTheirOwn(coalescer.expire(now), null, now));
    }

    @Override
    public void process(Record<String, AdmittedRequest> record) {
        String cacheKey = record.value().cacheKey();
        if (cacheKey == null) {
            context.forward(record);
            return;
        }
        Coalescer.Join join = coalescer.join(cacheKey, record.value(), context.currentSystemTimeMs());
        onTheirOwn(join.orphans(), cacheKey, record.timestamp());
        if (!join.waits()) {
            context.forward(record);
        }
    }

    private void onTheirOwn(List<InFlight.Waiter> waiters, String cacheKey, long timestamp) {
        for (InFlight.Waiter waiter : waiters) {
            context.forward(new Record<>(waiter.request().getTenant(), new AdmittedRequest(waiter.request(), waiter.receivedAt(), cacheKey), timestamp));
        }
    }
}
