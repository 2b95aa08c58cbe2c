package dev.switchboard.router.governance;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Responses;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission: the virtual key, the per-request and per-session token caps, and the rate limits of the tenant's live
 * policy. A refused request is answered REJECTED with the reason and goes no further, so it is neither remembered
 * for dedup nor counted against any limit; an admitted one travels on without its key, attributed to the key.
 * Minutes are measured on the record timestamps (when requests were sent), so a backlog read after an outage is
 * judged by the rate it was sent at.
 */
public final class AdmissionProcessor implements Processor<String, AdmittedRequest, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionProcessor.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);

    private final KeyCheck keyCheck;
    private final String admittedChild;
    private final String replyChild;
    private final AdmissionListener listener;
    private ProcessorContext<String, Object> context;
    private Governance governance;
    private RateLimits rateLimits;
    private SessionTokens sessions;
    private KeyScopes keyScopes;

    public AdmissionProcessor(KeyCheck keyCheck, AdmissionListener listener, String admittedChild, String replyChild) {
        this.keyCheck = keyCheck;
        this.listener = listener;
        this.admittedChild = admittedChild;
        this.replyChild = replyChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.governance = Governance.of(context);
        this.rateLimits = new RateLimits(context.getStateStore(RateLimits.STORE));
        this.sessions = new SessionTokens(context.getStateStore(SessionTokens.STORE));
        this.keyScopes = new KeyScopes(context.getStateStore(KeyScopes.STORE));
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            rateLimits.purge(now / 1000);
            sessions.purge(now);
        });
    }

    @Override
    public void process(Record<String, AdmittedRequest> record) {
        LlmRequest presented = record.value().request();
        GovernancePolicy policy = governance.policyOf(presented.getTenant());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        KeyVerdict verdict = keyCheck.check(presented, policy, governance::keyBySha256, now);
        if (verdict.refusal().isPresent()) {
            refuse(record, presented, verdict.refusal().get(), now);
            return;
        }
        LlmRequest request = keyCheck.admitted(presented, verdict.key());
        long tokens = TokenEstimate.requested(request, policy.getDefaultMaxTokens());
        long second = record.timestamp() / 1000;
        Optional<Rejection> limited = sessions.check(request, policy, tokens).or(() -> rateLimits.check(request, policy, second, tokens));
        if (limited.isPresent()) {
            refuse(record, request, limited.get(), now);
            return;
        }
        rateLimits.record(request, policy, second, tokens);
        sessions.record(request, policy, tokens, record.timestamp());
        verdict.key().ifPresent(key -> keyScopes.remember(request.getTenant(), key));
        context.forward(record.withValue(new AdmittedRequest(request, record.value().receivedAt(), record.value().cacheKey())), admittedChild);
    }

    private void refuse(Record<String, AdmittedRequest> record, LlmRequest request, Rejection rejection, Instant now) {
        LOG.debug("request {} of tenant {} refused: {}", request.getRequestId(), request.getTenant(), rejection.code());
        listener.refused(request.getTenant(), rejection.code());
        Reply reply = new Reply(Reply.topicFor(request), Responses.rejected(request.getRequestId(), request.getTenant(), rejection.code(),
                rejection.message(), request.getMetadata(), now));
        context.forward(record.withValue(reply), replyChild);
    }
}
