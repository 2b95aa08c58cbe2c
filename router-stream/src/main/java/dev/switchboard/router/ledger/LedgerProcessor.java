package dev.switchboard.router.ledger;

import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.budget.lease.LeaseReturn;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Answers each lane's ask with a grant (or a denial) on llm.budget-grants and books what lanes give back; a record's time is the ledger's clock. */
final class LedgerProcessor implements Processor<String, LeaseMessage, String, LeaseGrant> {
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(10);

    private final Duration grace;
    private ProcessorContext<String, LeaseGrant> context;
    private TenantLedger ledger;

    LedgerProcessor(Duration grace) {
        this.grace = grace;
    }

    @Override
    public void init(ProcessorContext<String, LeaseGrant> context) {
        this.context = context;
        this.ledger = new TenantLedger(context.getStateStore(TenantLedger.STORE), context.getStateStore(TenantLedger.RATES_STORE));
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> ledger.expire(now, grace.toMillis()));
    }

    @Override
    public void process(Record<String, LeaseMessage> record) {
        LeaseMessage message = record.value();
        if (message instanceof LeaseAsk ask) {
            context.forward(record.withKey(ask.tenant()).withValue(ledger.lend(ask, record.timestamp())));
        } else if (message instanceof LeaseReturn given) {
            ledger.takeBack(given);
        }
    }
}
