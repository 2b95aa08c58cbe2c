package dev.switchboard.router.budget;

import dev.switchboard.schemas.CacheFill;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Settles a request's reservation when its terminal answer comes back on llm.cache-fill: the worst case is released
 * from the lane's lease and the answer's real cost (every call it made, a cascade's included) is charged to it, to be
 * reported to the ledger with the next return. Answers of other lanes' requests find no reservation here.
 */
public final class BudgetSettlementProcessor implements Processor<String, CacheFill, Void, Void> {
    private LeaseBook book;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.book = new LeaseBook(context.getStateStore(LeaseBook.LEASES_STORE), context.getStateStore(LeaseBook.RESERVATIONS_STORE));
    }

    @Override
    public void process(Record<String, CacheFill> record) {
        CacheFill fill = record.value();
        if (fill != null) {
            book.settle(BudgetGate.reservationKey(fill.getTenant(), fill.getRequestId()), fill.getResponse().getCost());
        }
    }
}
