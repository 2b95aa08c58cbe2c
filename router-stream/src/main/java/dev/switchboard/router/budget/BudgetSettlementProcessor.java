package dev.switchboard.router.budget;

import dev.switchboard.schemas.CacheFill;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Settles a request's reservation when its terminal answer comes back on llm.cache-fill: the worst case is released
 * and the answer's real cost (every call it made, a cascade's included) is charged. A failed request costs what its
 * calls cost, usually nothing.
 */
public final class BudgetSettlementProcessor implements Processor<String, CacheFill, Void, Void> {
    private BudgetLedger ledger;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.ledger = new BudgetLedger(context.getStateStore(BudgetLedger.LEDGER_STORE), context.getStateStore(BudgetLedger.RESERVATIONS_STORE));
    }

    @Override
    public void process(Record<String, CacheFill> record) {
        CacheFill fill = record.value();
        if (fill != null) {
            ledger.settle(BudgetProcessor.reservationKey(fill.getTenant(), fill.getRequestId()), fill.getResponse().getCost());
        }
    }
}
