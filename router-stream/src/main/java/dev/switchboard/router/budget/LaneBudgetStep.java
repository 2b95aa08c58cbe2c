package dev.switchboard.router.budget;

import dev.switchboard.router.coalesce.Coalescer;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.schemas.RoutedRequest;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The part the budget step and the grant step share: both work on the lane's leases and parked requests (stores
 * {@code budget-leases}, {@code budget-reservations}, {@code budget-parked}, {@code budget-asks}) through one gate and
 * send their decisions to the same places.
 */
abstract class LaneBudgetStep<V> implements Processor<String, V, String, Object> {
    protected final LaneBudget budget;
    protected ProcessorContext<String, Object> context;
    protected LeaseBook book;
    protected ParkedRequests<RoutedRequest> parked;
    protected BudgetGate gate;
    protected BudgetOutlets outlets;

    LaneBudgetStep(LaneBudget budget) {
        this.budget = budget;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.book = new LeaseBook(context.getStateStore(LeaseBook.LEASES_STORE), context.getStateStore(LeaseBook.RESERVATIONS_STORE));
        this.parked = new ParkedRequests<>(context.getStateStore(ParkedRequests.PARKED_STORE), context.getStateStore(ParkedRequests.ASKS_STORE));
        this.gate = new BudgetGate(budget.config(), budget.worstCase(), Governance.of(context), book);
        this.outlets = new BudgetOutlets(context, budget.listener(), budget.routeChild(), budget.replyChild(), budget.leasesChild(),
                new Coalescer(context.getStateStore(Coalescer.STORE), budget.config().coalesceTimeout()));
    }

    protected String lane() {
        return budget.lane();
    }
}
