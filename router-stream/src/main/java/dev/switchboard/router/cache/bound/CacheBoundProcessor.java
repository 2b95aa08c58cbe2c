package dev.switchboard.router.cache.bound;

import dev.switchboard.embeddings.online.BoundSettings;
import dev.switchboard.embeddings.online.FalseHitController;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.CacheBoundState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each tenant's one {@link FalseHitController}, in store {@value #STORE} (changelogged: it survives a restart and
 * moves with the tenant's partition). Candidates are counted; each outcome moves the cut and is published at once
 * to {@code llm.cache-bounds}; counts that changed without an outcome are published every {@link #PUBLISH_INTERVAL}.
 * A tenant whose policy no longer sets a bound keeps its state but is not updated; a bound whose settings change
 * continues from the same counts.
 */
public final class CacheBoundProcessor implements Processor<String, Verdict, String, CacheBoundState> {
    public static final String STORE = "cache-bound-controllers";
    static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(5);

    private final ScoreScale scale;
    private final CacheBoundListener listener;
    /** Tenants counted since they were last published; lost on a restart, which only delays their next figures. */
    private final Set<String> unpublished = new LinkedHashSet<>();
    private ProcessorContext<String, CacheBoundState> context;
    private KeyValueStore<String, byte[]> controllers;
    private KeyValueStore<String, GovernancePolicy> policies;

    public CacheBoundProcessor(ScoreScale scale, CacheBoundListener listener) {
        this.scale = scale;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, CacheBoundState> context) {
        this.context = context;
        this.controllers = context.getStateStore(STORE);
        this.policies = context.getStateStore(Governance.POLICIES_STORE);
        context.schedule(PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> publishPending());
    }

    @Override
    public void process(Record<String, Verdict> record) {
        Verdict verdict = record.value();
        if (verdict == null) {
            return;
        }
        String tenant = verdict.tenant();
        Optional<BoundPolicy> policy = BoundPolicy.of(policies, tenant);
        if (policy.isEmpty()) {
            return;
        }
        FalseHitController controller = load(tenant, policy.get().settings(scale));
        if (verdict.kind() == Verdict.Kind.CANDIDATE) {
            controller.observe(verdict.score(), verdict.served());
            controllers.put(tenant, controller.toBytes());
            unpublished.add(tenant);
        } else {
            controller.record(verdict.score(), verdict.same(), verdict.paid());
            controllers.put(tenant, controller.toBytes());
            publish(tenant, controller);
        }
    }

    /** The tenant's controller under its current settings; a fresh one when there is none or its shape changed. */
    private FalseHitController load(String tenant, BoundSettings settings) {
        byte[] stored = controllers.get(tenant);
        if (stored == null) {
            return new FalseHitController(settings);
        }
        try {
            return FalseHitController.fromBytes(stored, settings);
        } catch (IllegalArgumentException e) {
            return new FalseHitController(settings);
        }
    }

    private void publishPending() {
        for (String tenant : unpublished.toArray(String[]::new)) {
            BoundPolicy.of(policies, tenant).ifPresent(policy -> publish(tenant, load(tenant, policy.settings(scale))));
        }
        unpublished.clear();
    }

    private void publish(String tenant, FalseHitController controller) {
        unpublished.remove(tenant);
        CacheBoundState state = CacheBoundState.newBuilder().setTenant(tenant).setCut(controller.cut())
                .setTargetFalseHitRate(controller.settings().targetFalseHitRate()).setVerifyFraction(controller.settings().verifyFraction())
                .setLookups(controller.lookups()).setServed(controller.served()).setVerifications(controller.verifications())
                .setFalseHits(controller.verifiedWrong()).setUpdatedAt(Instant.ofEpochMilli(context.currentSystemTimeMs())).build();
        context.forward(new Record<>(tenant, state, context.currentSystemTimeMs()));
        listener.published(state);
    }
}
