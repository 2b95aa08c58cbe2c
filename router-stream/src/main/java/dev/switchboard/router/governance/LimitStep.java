package dev.switchboard.router.governance;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.router.StoreValues;
import dev.switchboard.router.budget.Leases;
import dev.switchboard.router.budget.ParkedRequests;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Responses;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What admission and its grant step share: this lane's leases of the tenant's rate limits and session caps (over
 * {@code admission-leases}), the requests waiting for them (over {@code admission-parked}, {@code admission-asks}),
 * and where a request goes once judged: on to dedup, or answered REJECTED through the reply step.
 */
public abstract class LimitStep<V> implements Processor<String, V, String, Object> {
    public static final String LEASES_STORE = "admission-leases";
    public static final String PARKED_STORE = "admission-parked";
    public static final String ASKS_STORE = "admission-asks";
    private static final Logger LOG = LoggerFactory.getLogger(LimitStep.class);

    protected final Limits limits;
    protected ProcessorContext<String, Object> context;
    protected Governance governance;
    protected Leases leases;
    protected LimitGate gate;
    protected ParkedRequests<Waiting> parked;

    /**
     * @param lane the name this lane's admission asks the ledger under (its budget step asks under another, so each
     *             takes only its own grants)
     */
    public record Limits(String lane, AdmissionListener listener, String admittedChild, String replyChild, String leasesChild) {
    }

    /** An admitted request (its key already removed) waiting for a lease, and the time its record was written. */
    public record Waiting(LlmRequest request, Instant receivedAt, long timestampMs) {
    }

    public static final Serde<ParkedRequests.Parked<Waiting>> PARKED_SERDE = ParkedRequests.serde(new StoreValues.Codec<>() {
        @Override
        public void write(Waiting waiting, DataOutputStream out) throws IOException {
            ByteBuffer buffer = waiting.request().toByteBuffer();
            out.writeInt(buffer.remaining());
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            out.writeLong(waiting.receivedAt().toEpochMilli());
            out.writeLong(waiting.timestampMs());
        }

        @Override
        public Waiting read(DataInputStream in) throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new Waiting(LlmRequest.fromByteBuffer(ByteBuffer.wrap(bytes)), Instant.ofEpochMilli(in.readLong()), in.readLong());
        }
    });

    LimitStep(Limits limits) {
        this.limits = limits;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.governance = Governance.of(context);
        this.leases = new Leases(context.getStateStore(LEASES_STORE));
        this.gate = new LimitGate(leases);
        this.parked = new ParkedRequests<>(context.getStateStore(PARKED_STORE), context.getStateStore(ASKS_STORE));
    }

    /** The permits the request takes under the tenant's live policy. */
    protected List<Permit> permits(LlmRequest request) {
        GovernancePolicy policy = governance.policyOf(request.getTenant());
        return LimitGate.permits(request, policy, TokenEstimate.requested(request, policy.getDefaultMaxTokens()));
    }

    /** Takes the request's permits and lets it in, or falls short (nothing taken). */
    protected Optional<LimitGate.Short> admit(Waiting waiting, List<Permit> permits, long timestamp) {
        Optional<LimitGate.Short> shortOf = gate.take(waiting.request().getTenant(), permits, waiting.timestampMs());
        if (shortOf.isEmpty()) {
            context.forward(new Record<>(waiting.request().getTenant(), (Object) new AdmittedRequest(waiting.request(), waiting.receivedAt(), null),
                    timestamp), limits.admittedChild());
        }
        return shortOf;
    }

    protected void refuse(LlmRequest request, Rejection rejection, long timestamp) {
        LOG.debug("request {} of tenant {} refused: {}", request.getRequestId(), request.getTenant(), rejection.code());
        limits.listener().refused(request.getTenant(), rejection.code());
        Reply reply = new Reply(Reply.topicFor(request), Responses.rejected(request.getRequestId(), request.getTenant(), rejection.code(),
                rejection.message(), request.getMetadata(), Instant.ofEpochMilli(context.currentSystemTimeMs())));
        context.forward(new Record<>(request.getTenant(), (Object) reply, timestamp), limits.replyChild());
    }

    protected void toLedger(LeaseMessage message, long timestamp) {
        context.forward(new Record<>(message.tenant(), (Object) message, timestamp), limits.leasesChild());
    }
}
