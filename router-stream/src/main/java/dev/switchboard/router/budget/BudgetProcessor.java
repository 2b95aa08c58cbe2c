package dev.switchboard.router.budget;

import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseReturn;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.schemas.RoutedRequest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Holds budgets before a request leaves for a provider, from the lease this lane holds of each budget (see
 * {@link BudgetGate}). A request its lease does not cover parks, and the lane asks the tenant's ledger for a chunk;
 * {@link LeaseGrantProcessor} replays the parked requests when the ledger answers. While a tenant has requests parked
 * its new ones park behind them. A tenant without budgets never waits. On a timer the lane gives back spend and idle
 * lease, asks again when an ask went unanswered, and refuses a request that waited past {@link #MAX_WAIT}.
 */
public final class BudgetProcessor extends LaneBudgetStep<RoutedRequest> {
    /** How often spend and idle lease go back to the ledger; also how long a lease must be idle to go back. */
    static final Duration RETURN_INTERVAL = Duration.ofSeconds(1);
    static final Duration ASK_AGAIN_AFTER = Duration.ofSeconds(5);
    /** A request waits this long for a ledger that does not answer, then is refused: nobody waits forever. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(10);

    private final Duration reservationTimeout;

    public BudgetProcessor(LaneBudget budget, Duration reservationTimeout) {
        super(budget);
        this.reservationTimeout = reservationTimeout;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        super.init(context);
        context.schedule(RETURN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::tend);
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> book.expire(now, reservationTimeout.toMillis()));
    }

    @Override
    public void process(Record<String, RoutedRequest> record) {
        RoutedRequest routed = record.value();
        long now = context.currentSystemTimeMs();
        List<ScopedBudget> budgets = gate.budgets(routed, now);
        if (budgets.isEmpty()) {
            outlets.pass(routed, record.timestamp());
            return;
        }
        String tenant = routed.getRequest().getTenant();
        if (parked.waiting(tenant)) {
            parked.park(tenant, routed, now);
            return;
        }
        BudgetGate.Verdict verdict = gate.judge(routed, budgets, now);
        if (verdict instanceof BudgetGate.Pass pass) {
            outlets.pass(pass.routed(), record.timestamp());
        } else if (verdict instanceof BudgetGate.Refuse refuse) {
            outlets.refuse(refuse, record.timestamp());
        } else if (verdict instanceof BudgetGate.Short shortOf) {
            parked.park(tenant, routed, now);
            outlets.toLedger(gate.ask(lane(), parked.asked(tenant, now), shortOf), record.timestamp());
        }
    }

    /** Gives spend and idle lease back, asks again for tenants whose ask went unanswered, refuses what waited too long. */
    private void tend(long now) {
        for (LeaseReturn given : book.returns(lane(), now, RETURN_INTERVAL.toMillis(), parked::waiting)) {
            outlets.toLedger(given, now);
        }
        parked.tend(now, MAX_WAIT.toMillis(), ASK_AGAIN_AFTER.toMillis(), (tenant, request) -> outlets.refuse(new BudgetGate.Refuse(request,
                GovernanceCodes.BUDGET_UNAVAILABLE, "the budget ledger of tenant " + tenant + " did not answer within " + MAX_WAIT.toMinutes() + " minutes"), now),
                tenant -> askAgain(tenant, now));
    }

    /** The ask for the head request's shortfall; an empty ask when it is covered now, whose answer wakes the replay all the same. */
    private void askAgain(String tenant, long now) {
        List<KeyValue<String, ParkedRequests.Parked<RoutedRequest>>> waiting = parked.of(tenant);
        if (waiting.isEmpty()) {
            parked.answered(tenant);
            return;
        }
        RoutedRequest head = waiting.get(0).value.request();
        BudgetGate.Verdict verdict = gate.assess(head, gate.budgets(head, now));
        long askId = parked.asked(tenant, now);
        LeaseAsk ask = verdict instanceof BudgetGate.Short shortOf ? gate.ask(lane(), askId, shortOf) : new LeaseAsk(lane(), askId, tenant, List.of());
        outlets.toLedger(ask, now);
    }
}
