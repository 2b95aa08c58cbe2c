package dev.switchboard.router.ledger;

import dev.switchboard.router.budget.ScopedBudget;
import dev.switchboard.schemas.BudgetPeriods;
import dev.switchboard.schemas.SpendUpdate;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Takes the cost aggregator's spend per budget period from llm.spend (co-partitioned, so the tenant's own task). */
final class SpendFeedProcessor implements Processor<String, SpendUpdate, Void, Void> {
    private TenantLedger ledger;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.ledger = new TenantLedger(context.getStateStore(TenantLedger.STORE), context.getStateStore(TenantLedger.RATES_STORE));
    }

    @Override
    public void process(Record<String, SpendUpdate> record) {
        SpendUpdate spend = record.value();
        if (spend == null) {
            return;
        }
        Instant start = spend.getPeriodStart();
        ledger.reported(ScopedBudget.ledgerKey(spend.getTenant(), spend.getScope(), spend.getScopeId(), spend.getPeriod(), start),
                spend.getSpent(), BudgetPeriods.end(spend.getPeriod(), start).toEpochMilli());
    }
}
