package dev.switchboard.router.cache.bound;

import dev.switchboard.embeddings.online.FalseHitController;
import dev.switchboard.embeddings.online.LookupDecision;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.VerifiedAnswer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The lane's side of a tenant's error bound, called by the cache lookup for each semantic candidate it found: serve it,
 * serve it and verify it (a second, charged call whose answer is compared), or route the request anyway (below the
 * tenant's cut; its fresh answer is compared at no extra call). The cut is the one the tenant's controller published
 * on {@code llm.cache-bounds} (global store {@value #STORE}), so every lane applies the same; each candidate is
 * reported on {@code llm.cache-verdicts}. A tenant whose policy sets no bound is served as before and reports nothing.
 * The verification draw is a hash of the request id: the same request decides the same way on a replay.
 */
public final class CacheBoundGate {
    public static final String STORE = "cache-bounds";

    /**
     * @param servesCached    the caller gets the candidate's cached answer now
     * @param onward          when not served: the request to route on (tagged so its answer is compared)
     * @param verificationCall a second call to make, when the caller is served from the cache and the hit verified
     */
    public record Decision(boolean servesCached, Optional<LlmRequest> onward, Optional<LlmRequest> verificationCall) {
        static final Decision SERVE = new Decision(true, Optional.empty(), Optional.empty());
    }

    private final String lane;
    private final ScoreScale scale;
    private final String verdictChild;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, GovernancePolicy> policies;
    private KeyValueStore<String, CacheBoundState> bounds;

    public CacheBoundGate(String lane, ScoreScale scale, String verdictChild) {
        this.lane = lane;
        this.scale = scale;
        this.verdictChild = verdictChild;
    }

    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.policies = context.getStateStore(Governance.POLICIES_STORE);
        this.bounds = context.getStateStore(STORE);
    }

    /** For a live candidate of {@code request} with cache key {@code candidateKey} and verifier score {@code score}. */
    public Decision decide(Record<String, ?> record, LlmRequest request, String candidateKey, double score) {
        Optional<BoundPolicy> policy = BoundPolicy.of(policies, request.getTenant());
        if (policy.isEmpty()) {
            return Decision.SERVE;
        }
        LookupDecision decision = FalseHitController.decisionAt(cut(request.getTenant()), policy.get().verifyFraction(), score, draw(request.getRequestId()));
        context.forward(record.withKey(request.getTenant()).withValue((Object) Verdict.candidate(request.getTenant(), score, decision.hit())), verdictChild);
        return switch (decision) {
            case SERVE -> Decision.SERVE;
            case MISS -> new Decision(false, Optional.of(new VerifyTag(lane, candidateKey, score, false).on(request)), Optional.empty());
            case SERVE_AND_VERIFY -> {
                VerifyTag tag = new VerifyTag(lane, candidateKey, score, true);
                yield policy.get().serve() == VerifiedAnswer.FRESH
                        ? new Decision(false, Optional.of(tag.on(request)), Optional.empty())
                        : new Decision(true, Optional.empty(), Optional.of(tag.callFor(request)));
            }
        };
    }

    private double cut(String tenant) {
        CacheBoundState state = bounds.get(tenant);
        return state == null ? scale.initialCut() : state.getCut();
    }

    /** Uniform in [0, 1) from the request id. */
    static double draw(String requestId) {
        CRC32C crc = new CRC32C();
        crc.update(requestId.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() / (double) (1L << 32);
    }
}
