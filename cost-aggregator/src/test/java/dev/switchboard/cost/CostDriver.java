package dev.switchboard.cost;

import dev.switchboard.cost.answers.AnswerWindows;
import dev.switchboard.cost.answers.StoreAnswerWindows;
import dev.switchboard.cost.budget.BudgetStores;
import dev.switchboard.cost.budget.SpendView;
import dev.switchboard.cost.budget.StoreSpendView;
import dev.switchboard.schemas.BudgetAlert;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The real {@link CostTopology} in a TopologyTestDriver, with its topics and the query side over its stores. */
final class CostDriver implements AutoCloseable {
    final CostConfig config = CostConfig.defaults();
    final String scope;
    final SwitchboardSerdes serdes;
    final TopologyTestDriver driver;
    final TestInputTopic<String, UsageEvent> usage;
    final TestInputTopic<String, GovernancePolicy> policies;
    final TestOutputTopic<String, SpendUpdate> spend;
    final TestOutputTopic<String, BudgetAlert> alerts;
    final TestOutputTopic<String, WindowedCost> byTenant;
    final TestOutputTopic<String, WindowedCost> byTenantModel;
    final TestInputTopic<String, LlmResponse> responses;
    final CostWindows windows;
    final SpendView spendView;
    final AnswerWindows answerWindows;

    /** @param wallClock the driver's wall clock: what {@code SpendUpdate.updated_at} says */
    CostDriver(String scope, Path stateDir, Instant wallClock) {
        this.scope = scope;
        MockSchemaRegistry.drop(scope);
        serdes = SwitchboardSerdes.forUrl("mock://" + scope);
        Properties base = new Properties();
        base.put(StreamsConfig.APPLICATION_ID_CONFIG, scope);
        base.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        base.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CostTopology.build(config, serdes), CostStreamsConfig.of(base), wallClock);
        StringSerializer keys = new StringSerializer();
        usage = driver.createInputTopic(Topics.USAGE, keys, serdes.usage().serializer());
        policies = driver.createInputTopic(Topics.POLICIES, keys, serdes.policies().serializer());
        spend = driver.createOutputTopic(Topics.SPEND, new StringDeserializer(), serdes.spend().deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), serdes.alerts().deserializer());
        byTenant = driver.createOutputTopic(Topics.COST_BY_TENANT, new StringDeserializer(), serdes.windowedCost().deserializer());
        byTenantModel = driver.createOutputTopic(Topics.COST_BY_TENANT_MODEL, new StringDeserializer(),
                serdes.windowedCost().deserializer());
        responses = driver.createInputTopic(Topics.RESPONSES, keys, serdes.responses().serializer());
        windows = new StoreCostWindows(config, driver::getWindowStore);
        answerWindows = new StoreAnswerWindows(driver::getWindowStore);
        spendView = new StoreSpendView(() -> driver.getKeyValueStore(BudgetStores.SPEND),
                () -> driver.getKeyValueStore(BudgetStores.POLICIES));
    }

    void pipe(UsageEvent event) {
        usage.pipeInput(event.getTenant(), event);
    }

    /** An answer on llm.responses, or on the reply topic named ({@code llm.replies.*}). */
    void answer(LlmResponse answer, String topic) {
        if (topic.equals(Topics.RESPONSES)) {
            responses.pipeInput(answer.getTenant(), answer);
        } else {
            driver.createInputTopic(topic, new StringSerializer(), serdes.responses().serializer()).pipeInput(answer.getTenant(), answer);
        }
    }

    void policy(GovernancePolicy policy) {
        policies.pipeInput(policy.getTenant(), policy);
    }

    KeyValueStore<String, SpendUpdate> spendStore() {
        return driver.getKeyValueStore(BudgetStores.SPEND);
    }

    KeyValueStore<String, Integer> alertMarks() {
        return driver.getKeyValueStore(BudgetStores.ALERT_MARKS);
    }

    /** Exact row count (RocksDB's approximateNumEntries is an estimate). */
    static long count(KeyValueStore<String, ?> store) {
        long rows = 0;
        try (KeyValueIterator<String, ?> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                rows++;
            }
        }
        return rows;
    }

    @Override
    public void close() {
        driver.close();
        MockSchemaRegistry.drop(scope);
    }
}
