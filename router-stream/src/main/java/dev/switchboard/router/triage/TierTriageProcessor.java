package dev.switchboard.router.triage;

import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.route.RoutingDecider;
import dev.switchboard.schemas.RecordLimits;
import dev.switchboard.schemas.Tier;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads a request's tenant and tier and nothing else ({@link TierReader} stops once it has them), and passes the record
 * on unchanged to its tier's lane, keyed by its tenant.
 * No state and one check: a record too large to pass on whole goes to {@code oversizedChild} (the intake's refusal),
 * since writing it to a lane topic would fail inside the transaction and the record would be read again forever.
 * What cannot be read goes to the standard lane, whose intake answers it as it always has.
 */
final class TierTriageProcessor implements Processor<String, byte[], String, byte[]> {
    private final TierReader reader;
    private final RouterConfig config;
    private final Map<Tier, String> laneChildren;
    private final String oversizedChild;
    private ProcessorContext<String, byte[]> context;

    TierTriageProcessor(TierReader reader, RouterConfig config, Map<Tier, String> laneChildren, String oversizedChild) {
        this.reader = reader;
        this.config = config;
        this.laneChildren = Map.copyOf(laneChildren);
        this.oversizedChild = oversizedChild;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() != null && record.value().length > RecordLimits.MAX_REQUEST_BYTES) {
            context.forward(record, oversizedChild);
            return;
        }
        Optional<TierReader.Found> found = reader.read(record.value());
        if (found.isEmpty()) {
            context.forward(record, laneChildren.get(Tier.STANDARD));
            return;
        }
        String tenant = found.get().tenant();
        Tier tier = RoutingDecider.tier(found.get().tier(), found.get().explicit(), config.policyOf(tenant));
        context.forward(record.withKey(tenant), laneChildren.get(tier));
    }
}
