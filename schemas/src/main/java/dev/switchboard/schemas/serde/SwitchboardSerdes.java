package dev.switchboard.schemas.serde;

import dev.switchboard.schemas.AnswerStats;
import dev.switchboard.schemas.BatchJob;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.CacheInvalidation;
import dev.switchboard.schemas.BudgetAlert;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
import org.apache.avro.specific.SpecificRecord;

/** One place that builds the serde of every record type against one schema registry. */
public final class SwitchboardSerdes {
    private final SchemaRegistryClient registry;

    public SwitchboardSerdes(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    public static SwitchboardSerdes forUrl(String registryUrl) {
        return new SwitchboardSerdes(SchemaRegistryClient.forUrl(registryUrl));
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public <T extends SpecificRecord> ConfluentAvroSerde<T> avro(Class<T> type) {
        return new ConfluentAvroSerde<>(type, registry);
    }

    /** Reads Avro or JSON requests (told apart by the first byte); writes Avro. */
    public RequestSerde requests() {
        return new RequestSerde(avro(LlmRequest.class));
    }

    public ConfluentAvroSerde<LlmResponse> responses() {
        return avro(LlmResponse.class);
    }

    public ConfluentAvroSerde<RoutedRequest> routed() {
        return avro(RoutedRequest.class);
    }

    public ConfluentAvroSerde<UsageEvent> usage() {
        return avro(UsageEvent.class);
    }

    public ConfluentAvroSerde<CacheFill> cacheFill() {
        return avro(CacheFill.class);
    }

    public ConfluentAvroSerde<BatchJob> batchJobs() {
        return avro(BatchJob.class);
    }

    public ConfluentAvroSerde<VirtualKey> virtualKeys() {
        return avro(VirtualKey.class);
    }

    public ConfluentAvroSerde<GovernancePolicy> policies() {
        return avro(GovernancePolicy.class);
    }

    public ConfluentAvroSerde<SpendUpdate> spend() {
        return avro(SpendUpdate.class);
    }

    public ConfluentAvroSerde<BudgetAlert> alerts() {
        return avro(BudgetAlert.class);
    }

    public ConfluentAvroSerde<CacheInvalidation> cacheInvalidations() {
        return avro(CacheInvalidation.class);
    }

    public ConfluentAvroSerde<AnswerStats> answerStats() {
        return avro(AnswerStats.class);
    }

    public ConfluentAvroSerde<WindowedCost> windowedCost() {
        return avro(WindowedCost.class);
    }

    public ConfluentAvroSerde<DeadLetter> deadLetters() {
        return avro(DeadLetter.class);
    }
}
