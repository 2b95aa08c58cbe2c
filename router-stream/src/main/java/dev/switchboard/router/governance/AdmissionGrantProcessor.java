package dev.switchboard.router.governance;

import dev.switchboard.router.budget.ParkedRequests;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.intake.Rejection;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Takes admission's grants from llm.budget-grants (every step of every lane reads the topic; the others' grants are
 * skipped), adds them to this lane's leases and replays the tenant's parked requests in order: each is let in, is
 * refused (a limit could not spare what it lacks), or, when its need differs from the one asked for, asks again and
 * holds the rest behind it.
 */
public final class AdmissionGrantProcessor extends LimitStep<LeaseGrant> {
    public AdmissionGrantProcessor(Limits limits) {
        super(limits);
    }

    @Override
    public void process(Record<String, LeaseGrant> record) {
        LeaseGrant grant = record.value();
        if (grant == null || !grant.lane().equals(limits.lane())) {
            return;
        }
        long now = context.currentSystemTimeMs();
        leases.granted(grant, now);
        parked.answered(grant.tenant());
        for (KeyValue<String, ParkedRequests.Parked<Waiting>> waiting : parked.of(grant.tenant())) {
            Waiting request = waiting.value.request();
            Optional<LimitGate.Short> shortOf = admit(request, permits(request.request()), record.timestamp());
            if (shortOf.isPresent()) {
                Optional<Rejection> refused = LimitGate.refusedBy(grant, shortOf.get());
                if (refused.isEmpty()) {
                    toLedger(gate.ask(limits.lane(), parked.asked(grant.tenant(), now), grant.tenant(), shortOf.get(), now), record.timestamp());
                    return;
                }
                refuse(request.request(), refused.get(), record.timestamp());
            }
            parked.remove(waiting.key);
        }
        parked.forgetIfIdle(grant.tenant());
    }
}
