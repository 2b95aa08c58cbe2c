package dev.switchboard.router.governance;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.budget.ParkedRequests;
import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseReturn;
import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Admission: the virtual key, the per-request token cap, then the rate limits and the session cap of the tenant's
 * live policy, taken from what this lane holds of them (lent by the tenant's one ledger, so every lane counts against
 * the same limits). A request its leases do not cover parks, in order per tenant, and the lane asks the ledger for a
 * chunk; {@link AdmissionGrantProcessor} replays the parked requests when it answers. A refused request is answered
 * REJECTED with the reason and goes no further, so it is neither remembered for dedup nor counted against any limit;
 * an admitted one travels on without its key, attributed to the key. Minutes are measured on the record timestamps
 * (when requests were sent), so a backlog read after an outage is judged by the rate it was sent at. On a timer the
 * lane reports what it used, gives back idle permits, asks again when an ask went unanswered, and refuses a request
 * that waited past {@link #MAX_WAIT}. Stores: {@code admission-leases}, {@code admission-parked},
 * {@code admission-asks}, {@code key-scopes}.
 */
public final class AdmissionProcessor extends LimitStep<AdmittedRequest> {
    /** How often use and idle permits go back to the ledger; also how long a lease must be idle to go back. */
    static final Duration RETURN_INTERVAL = Duration.ofSeconds(1);
    static final Duration ASK_AGAIN_AFTER = Duration.ofSeconds(5);
    /** A request waits this long for a ledger that does not answer, then is refused: nobody waits forever. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final KeyCheck keyCheck;
    private KeyScopes keyScopes;

    public AdmissionProcessor(KeyCheck keyCheck, Limits limits) {
        super(limits);
        this.keyCheck = keyCheck;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        super.init(context);
        this.keyScopes = new KeyScopes(context.getStateStore(KeyScopes.STORE));
        context.schedule(RETURN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::tend);
    }

    @Override
    public void process(Record<String, AdmittedRequest> record) {
        LlmRequest presented = record.value().request();
        GovernancePolicy policy = governance.policyOf(presented.getTenant());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        KeyVerdict verdict = keyCheck.check(presented, policy, governance::keyBySha256, now);
        if (verdict.refusal().isPresent()) {
            refuse(presented, verdict.refusal().get(), record.timestamp());
            return;
        }
        LlmRequest request = keyCheck.admitted(presented, verdict.key());
        String tenant = request.getTenant();
        verdict.key().ifPresent(key -> keyScopes.remember(tenant, key));
        long tokens = TokenEstimate.requested(request, policy.getDefaultMaxTokens());
        Optional<Rejection> capped = SessionTokens.check(policy, tokens);
        if (capped.isPresent()) {
            refuse(request, capped.get(), record.timestamp());
            return;
        }
        Waiting waiting = new Waiting(request, record.value().receivedAt(), record.timestamp());
        List<Permit> permits = LimitGate.permits(request, policy, tokens);
        if (!permits.isEmpty() && parked.waiting(tenant)) {
            parked.park(tenant, waiting, now.toEpochMilli());
            return;
        }
        admit(waiting, permits, record.timestamp()).ifPresent(shortOf -> {
            parked.park(tenant, waiting, now.toEpochMilli());
            toLedger(gate.ask(limits.lane(), parked.asked(tenant, now.toEpochMilli()), tenant, shortOf, now.toEpochMilli()), record.timestamp());
        });
    }

    /** Reports use and gives idle permits back, asks again for tenants whose ask went unanswered, refuses what waited too long. */
    private void tend(long now) {
        for (LeaseReturn given : leases.returns(limits.lane(), LimitGate::kindOf, now, RETURN_INTERVAL.toMillis(), parked::waiting)) {
            toLedger(given, now);
        }
        parked.tend(now, MAX_WAIT.toMillis(), ASK_AGAIN_AFTER.toMillis(), (tenant, waiting) -> refuse(waiting.request(), new Rejection(
                GovernanceCodes.LIMITS_UNAVAILABLE, "the ledger of tenant " + tenant + " did not lend its rate limits within " + MAX_WAIT.toMinutes() + " minutes"),
                now), tenant -> askAgain(tenant, now));
    }

    /** The ask for the head request's shortfall; an empty ask when it is covered now, whose answer wakes the replay all the same. */
    private void askAgain(String tenant, long now) {
        List<KeyValue<String, ParkedRequests.Parked<Waiting>>> waiting = parked.of(tenant);
        if (waiting.isEmpty()) {
            parked.answered(tenant);
            return;
        }
        Optional<LimitGate.Short> shortOf = gate.assess(tenant, permits(waiting.get(0).value.request().request()));
        long askId = parked.asked(tenant, now);
        toLedger(shortOf.isPresent() ? gate.ask(limits.lane(), askId, tenant, shortOf.get(), now) : new LeaseAsk(limits.lane(), askId, tenant, List.of()), now);
    }
}
