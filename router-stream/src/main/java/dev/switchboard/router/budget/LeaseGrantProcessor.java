package dev.switchboard.router.budget;

import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.schemas.RoutedRequest;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Takes this lane's grants from llm.budget-grants (every lane reads the topic; the others' grants are skipped), adds
 * them to its leases and replays the tenant's parked requests in order: each passes, is refused (the ledger could not
 * lend what it lacks), or, when its need differs from the one asked for, asks again and holds the rest behind it.
 */
public final class LeaseGrantProcessor extends LaneBudgetStep<LeaseGrant> {
    public LeaseGrantProcessor(LaneBudget budget) {
        super(budget);
    }

    @Override
    public void process(Record<String, LeaseGrant> record) {
        LeaseGrant grant = record.value();
        if (grant == null || !grant.lane().equals(lane())) {
            return;
        }
        long now = context.currentSystemTimeMs();
        book.granted(grant, now);
        parked.answered(grant.tenant());
        replay(grant, now, record.timestamp());
    }

    private void replay(LeaseGrant grant, long now, long timestamp) {
        for (KeyValue<String, ParkedRequests.Parked<RoutedRequest>> waiting : parked.of(grant.tenant())) {
            RoutedRequest routed = waiting.value.request();
            List<ScopedBudget> budgets = gate.budgets(routed, now);
            BudgetGate.Verdict verdict = budgets.isEmpty() ? new BudgetGate.Pass(routed, null) : gate.judge(routed, budgets, now);
            if (verdict instanceof BudgetGate.Short shortOf) {
                Optional<BudgetGate.Refuse> refused = gate.refusedBy(grant, shortOf);
                if (refused.isEmpty()) {
                    outlets.toLedger(gate.ask(lane(), parked.asked(grant.tenant(), now), shortOf), timestamp);
                    return;
                }
                verdict = refused.get();
            }
            parked.remove(waiting.key);
            if (verdict instanceof BudgetGate.Pass pass) {
                outlets.pass(pass.routed(), timestamp);
            } else if (verdict instanceof BudgetGate.Refuse refuse) {
                outlets.refuse(refuse, timestamp);
            }
        }
        parked.forgetIfIdle(grant.tenant());
    }
}
