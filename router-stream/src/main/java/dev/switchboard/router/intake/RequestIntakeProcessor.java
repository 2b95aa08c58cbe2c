package dev.switchboard.router.intake;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RecordLimits;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.json.RequestFormatException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of the router: reads the raw bytes (Avro or JSON), refuses what cannot run with a REJECTED answer
 * and a dead letter, answers EXPIRED past the deadline, re-keys records not keyed by their tenant, and passes
 * the rest on. Reading happens here rather than in the source serde so that a bad record is answered instead of
 * stopping the stream.
 */
public final class RequestIntakeProcessor implements Processor<String, byte[], String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestIntakeProcessor.class);

    private final Deserializer<LlmRequest> reader;
    private final RequestValidator validator;
    private final String admittedChild;
    private final String replyChild;
    private final String deadLetterChild;
    private final String rekeyChild;
    private ProcessorContext<String, Object> context;

    public RequestIntakeProcessor(Deserializer<LlmRequest> reader, RequestValidator validator, String admittedChild,
                                  String replyChild, String deadLetterChild, String rekeyChild) {
        this.reader = reader;
        this.validator = validator;
        this.admittedChild = admittedChild;
        this.replyChild = replyChild;
        this.deadLetterChild = deadLetterChild;
        this.rekeyChild = rekeyChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        LlmRequest request;
        try {
            request = reader.deserialize(sourceTopic(), record.value());
        } catch (SerializationException e) {
            unreadable(record, e, now);
            return;
        }
        if (request == null) {
            // A tombstone has no request id, but its key names the tenant it was sent for.
            String position = UnreadableRecords.requestId(null, context.recordMetadata());
            reject(record, position, record.key(), new Rejection(Rejection.UNREADABLE, "empty record (tombstone)"), null, now);
            return;
        }
        Optional<Rejection> rejection = tooLarge(record.value()).or(() -> validator.check(request));
        if (rejection.isPresent()) {
            reject(record, request.getRequestId(), request.getTenant(), rejection.get(), request, now);
            return;
        }
        if (!Objects.equals(record.key(), request.getTenant())) {
            // Every piece of a tenant's state lives with one partition: send the record back keyed by its tenant.
            // The size check above leaves room for the new key, so this write cannot fail for size.
            context.forward(record.withKey(request.getTenant()), rekeyChild);
            return;
        }
        Instant receivedAt = request.getSubmittedAt() != null ? request.getSubmittedAt() : Instant.ofEpochMilli(record.timestamp());
        if (request.getDeadline() != null && !request.getDeadline().isAfter(now)) {
            context.forward(record.withValue((Object) new Reply(Reply.topicFor(request), Responses.expired(request, receivedAt, now))), replyChild);
            return;
        }
        context.forward(record.withValue((Object) new AdmittedRequest(request, receivedAt, null)), admittedChild);
    }

    /** What the router writes onward carries the request plus an envelope; a request that leaves no room for it is refused. */
    private static Optional<Rejection> tooLarge(byte[] value) {
        if (value.length <= RecordLimits.MAX_REQUEST_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(Rejection.REQUEST_TOO_LARGE,
                "request has " + value.length + " bytes; the limit is " + RecordLimits.MAX_REQUEST_BYTES));
    }

    private void unreadable(Record<String, byte[]> record, SerializationException e, Instant now) {
        String requestId = null;
        String tenant = record.key();
        // A field error is the same mistake whether JSON reading or the validator finds it: one code for both.
        String code = Rejection.UNREADABLE;
        if (e instanceof RequestFormatException format) {
            requestId = format.requestId().orElse(null);
            tenant = format.tenant().orElse(tenant);
            code = format.fieldError() ? Rejection.INVALID : Rejection.UNREADABLE;
        }
        if (requestId == null) {
            requestId = UnreadableRecords.requestId(record.value(), context.recordMetadata());
        }
        reject(record, requestId, tenant, new Rejection(code, e.getMessage()), null, now);
    }

    /**
     * Answers REJECTED and writes a dead letter. Both quote only bounded parts of the record (ids cut, the payload
     * masked and cut), so neither write can fail for size however large the record is. {@code request} is null
     * when the record could not be read.
     */
    private void reject(Record<String, byte[]> record, String requestId, String tenant, Rejection rejection,
                        LlmRequest request, Instant now) {
        LOG.debug("rejected request {} of tenant {}: {}", Echo.id(requestId), Echo.id(tenant), rejection.code());
        requestId = Echo.id(requestId);
        tenant = Echo.id(tenant);
        String key = tenant != null ? tenant : Echo.id(record.key());
        Map<String, String> metadata = request == null || !RequestValidator.metadataWithinLimit(request) ? Map.of() : request.getMetadata();
        String topic = request == null ? Topics.RESPONSES : RequestValidator.replyTopicIfValid(request);
        Reply reply = new Reply(topic, Responses.rejected(requestId, tenant, rejection.code(), rejection.message(), metadata, now));
        context.forward(new Record<>(key, (Object) reply, record.timestamp()), replyChild);
        DeadLetterPayload payload = DeadLetterPayload.masked(record.value(), request);
        context.forward(new Record<>(key, (Object) deadLetter(payload, requestId, tenant, rejection, now), record.timestamp()), deadLetterChild);
    }

    private DeadLetter deadLetter(DeadLetterPayload payload, String requestId, String tenant, Rejection rejection, Instant now) {
        Optional<RecordMetadata> source = context.recordMetadata();
        return DeadLetter.newBuilder()
                .setReasonCode(rejection.code())
                .setReason(rejection.message())
                .setComponent("router")
                .setSourceTopic(source.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(source.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(source.map(RecordMetadata::offset).orElse(null))
                .setRequestId(requestId)
                .setTenant(tenant)
                .setPayload(payload.bytes())
                .setPayloadSize(payload.size())
                .setPayloadSha256(payload.sha256())
                .setPayloadNote(payload.note())
                .setOccurredAt(now)
                .build();
    }

    private String sourceTopic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.REQUESTS);
    }
}
