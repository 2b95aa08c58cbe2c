package dev.switchboard.cost;

import static dev.switchboard.cost.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cost.answers.AnswerTopics;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostTopologyTest {
    private static final String SCOPE = "cost-topology-test";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final List<String> TENANTS = List.of("acme", "globex");
    private static final List<String> MODELS = List.of("openai/gpt-4o", "anthropic/claude-sonnet-4");
    private static final List<String> AWKWARD = List.of("0.000000150000", "0.000001234567", "0.000000000001",
            "0.012345678901", "0.000000333333", "0.999999999999");

    @TempDir
    Path stateDir;

    private final CostConfig config = CostConfig.defaults();
    private SwitchboardSerdes serdes;
    private TopologyTestDriver driver;
    private TestInputTopic<String, UsageEvent> usage;
    private TestInputTopic<String, byte[]> rawUsage;
    private TestOutputTopic<String, WindowedCost> byTenant;
    private TestOutputTopic<String, WindowedCost> byTenantModel;
    private CostWindows stores;

    @BeforeEach
    void setUp() {
        MockSchemaRegistry.drop(SCOPE);
        serdes = SwitchboardSerdes.forUrl("mock://" + SCOPE);
        Properties base = new Properties();
        base.put(StreamsConfig.APPLICATION_ID_CONFIG, "cost-topology-test");
        base.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        base.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CostTopology.build(config, serdes), CostStreamsConfig.of(base));
        usage = driver.createInputTopic(Topics.USAGE, new StringSerializer(), serdes.usage().serializer());
        rawUsage = driver.createInputTopic(Topics.USAGE, new StringSerializer(), new ByteArraySerializer());
        byTenant = driver.createOutputTopic(Topics.COST_BY_TENANT, new StringDeserializer(), serdes.windowedCost().deserializer());
        byTenantModel = driver.createOutputTopic(Topics.COST_BY_TENANT_MODEL, new StringDeserializer(),
                serdes.windowedCost().deserializer());
        stores = new StoreCostWindows(config, driver::getWindowStore);
    }

    @AfterEach
    void tearDown() {
        driver.close();
        MockSchemaRegistry.drop(SCOPE);
    }

    @Test
    void shouldSetLogAndContinueAndExactlyOnce() {
        Properties props = CostStreamsConfig.of(new Properties());
        assertThat(props.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(LogAndContinueExceptionHandler.class.getName());
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("switchboard-cost");
        assertThat(props.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)).as("the router's policy")
                .isEqualTo(dev.switchboard.schemas.streams.SkipUnwritableRecords.class.getName());
    }

    @Test
    void shouldSumWindowCostExactly() {
        List<UsageEvent> events = awkwardEvents(400);
        events.forEach(this::pipe);

        Map<String, Expected> expected = new HashMap<>();
        for (UsageEvent e : events) {
            expected.computeIfAbsent(e.getTenant() + "@" + minute(e), k -> new Expected()).add(e);
        }
        assertThat(expected).hasSize(4); // two tenants x two 1-minute windows

        for (String tenant : TENANTS) {
            List<WindowedCost> windows = stores.windows(tenant, "1m", CostDimension.TENANT, T0.minusSeconds(3600), T0.plusSeconds(3600));
            assertThat(windows).hasSize(2);
            for (WindowedCost window : windows) {
                Expected want = expected.get(tenant + "@" + window.getWindowStart());
                assertThat(window.getTenant()).isEqualTo(tenant);
                assertThat(window.getModel()).isNull();
                assertThat(window.getCost()).isEqualTo(want.cost); // same scale and value: exact
                assertThat(window.getBaselineCost()).isEqualTo(want.baseline);
                assertThat(window.getCalls()).isEqualTo(want.calls);
                assertThat(window.getInputTokens()).isEqualTo(want.input);
                assertThat(window.getOutputTokens()).isEqualTo(want.output);
                assertThat(window.getCachedInputTokens()).isEqualTo(want.cached);
            }
            BigDecimal all = events.stream().filter(e -> e.getTenant().equals(tenant))
                    .map(UsageEvent::getCost).reduce(Money.ZERO, BigDecimal::add);
            assertThat(stores.totalCost(tenant, "1h", T0.minusSeconds(7200), T0.plusSeconds(3600))).isEqualTo(all);
        }
    }

    @Test
    void shouldSumPerModelWindowsExactly() {
        List<UsageEvent> events = awkwardEvents(300);
        events.forEach(this::pipe);

        Map<String, Expected> expected = new HashMap<>();
        for (UsageEvent e : events) {
            expected.computeIfAbsent(e.getTenant() + "/" + e.getModel() + "@" + minute(e), k -> new Expected()).add(e);
        }
        for (String tenant : TENANTS) {
            List<WindowedCost> windows = stores.windows(tenant, "1m", CostDimension.MODEL, T0, T0.plusSeconds(120));
            assertThat(windows).hasSize(4); // two models x two windows
            for (WindowedCost window : windows) {
                Expected want = expected.get(tenant + "/" + window.getModel() + "@" + window.getWindowStart());
                assertThat(window.getTenant()).isEqualTo(tenant);
                assertThat(window.getCost()).isEqualTo(want.cost);
                assertThat(window.getCalls()).isEqualTo(want.calls);
                assertThat(window.getInputTokens()).isEqualTo(want.input);
            }
        }
    }

    @Test
    void shouldEmitWindowedCostWithWindowBoundsOnBothTopics() {
        pipe(usage("acme", MODELS.get(0), "0.000001234567", T0.plusSeconds(5)));
        pipe(usage("acme", MODELS.get(0), "0.000000150000", T0.plusSeconds(65)));

        List<KeyValue<String, WindowedCost>> tenantOut = oneMinute(byTenant.readKeyValuesToList());
        assertThat(tenantOut).hasSize(2);
        assertThat(tenantOut).allSatisfy(kv -> {
            assertThat(kv.key).isEqualTo("acme");
            assertThat(kv.value.getModel()).isNull();
            assertThat(kv.value.getWindow()).isEqualTo("1m");
        });
        assertThat(tenantOut.get(0).value.getWindowStart()).isEqualTo(T0);
        assertThat(tenantOut.get(0).value.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
        assertThat(tenantOut.get(0).value.getCost()).isEqualTo(Money.of("0.000001234567"));
        assertThat(tenantOut.get(1).value.getWindowStart()).isEqualTo(T0.plusSeconds(60));
        assertThat(tenantOut.get(1).value.getWindowEnd()).isEqualTo(T0.plusSeconds(120));

        List<KeyValue<String, WindowedCost>> modelOut = oneMinute(byTenantModel.readKeyValuesToList());
        assertThat(modelOut).hasSize(2).allSatisfy(kv -> {
            assertThat(kv.key).isEqualTo("acme");
            assertThat(kv.value.getModel()).isEqualTo(MODELS.get(0));
        });
    }

    @Test
    void shouldEmitEachUpdateOfAWindow() {
        pipe(usage("acme", MODELS.get(0), "0.000000150000", T0.plusSeconds(1)));
        pipe(usage("acme", MODELS.get(0), "0.000000150000", T0.plusSeconds(2)));

        List<WindowedCost> updates = oneMinute(byTenant.readKeyValuesToList()).stream().map(kv -> kv.value).toList();
        assertThat(updates).extracting(WindowedCost::getCalls).containsExactly(1L, 2L);
        assertThat(updates.get(1).getCost()).isEqualTo(Money.of("0.000000300000"));
    }

    @Test
    void shouldCountCacheAnswersAsHitsWithTheirSavingsNotAsCalls() {
        pipe(usage("acme", MODELS.get(0), "0.000001000000", T0.plusSeconds(1)));
        UsageEvent exact = usage("acme", MODELS.get(0), "0", T0.plusSeconds(2));
        exact.setCacheOutcome("EXACT");
        exact.setCostSaved(Money.of("0.000001000000"));
        UsageEvent semantic = usage("acme", MODELS.get(0), "0", T0.plusSeconds(3));
        semantic.setCacheOutcome("SEMANTIC");
        semantic.setCostSaved(Money.of("0.000000333333"));
        pipe(exact);
        pipe(semantic);

        WindowedCost window = stores.windows("acme", "1m", CostDimension.TENANT, T0, T0).get(0);
        assertThat(window.getCalls()).isEqualTo(1);
        assertThat(window.getCacheHits()).isEqualTo(2);
        assertThat(window.getCost()).isEqualTo(Money.of("0.000001000000"));
        assertThat(window.getCostSaved()).isEqualTo(Money.of("0.000001333333"));
    }

    @Test
    void shouldCountAnExactDuplicateOnceAndASecondRealCallAgain() {
        UsageEvent call = usage("acme", MODELS.get(0), "0.000001234567", T0.plusSeconds(1));
        call.setCallId("call-1");
        UsageEvent again = UsageEvent.newBuilder(call).setCallId("call-2").build(); // same request, attempt and model: called again after a crash

        pipe(call);
        pipe(UsageEvent.newBuilder(call).build());
        pipe(again);

        WindowedCost window = stores.windows("acme", "1m", CostDimension.TENANT, T0.minusSeconds(60), T0.plusSeconds(60)).get(0);
        assertThat(window.getCalls()).as("two calls, one of them written twice").isEqualTo(2);
        assertThat(window.getCost()).isEqualTo(Money.of(new BigDecimal("0.000002469134")));
    }

    @Test
    void shouldNotAddEventLaterThanGraceToClosedWindow() {
        pipe(usage("acme", MODELS.get(0), "0.000001000000", T0.plusSeconds(10)));
        // Stream time 100 s: window [0, 60) closed at 60 s + 30 s grace.
        pipe(usage("acme", MODELS.get(0), "0.000002000000", T0.plusSeconds(100)));
        pipe(usage("acme", MODELS.get(0), "0.000004000000", T0.plusSeconds(20)));

        WindowedCost first = stores.windows("acme", "1m", CostDimension.TENANT, T0, T0).get(0);
        assertThat(first.getCalls()).isEqualTo(1);
        assertThat(first.getCost()).isEqualTo(Money.of("0.000001000000"));
    }

    @Test
    void shouldAddLateEventWithinGrace() {
        pipe(usage("acme", MODELS.get(0), "0.000001000000", T0.plusSeconds(10)));
        pipe(usage("acme", MODELS.get(0), "0.000002000000", T0.plusSeconds(80))); // 20 s past the end, within grace
        pipe(usage("acme", MODELS.get(0), "0.000004000000", T0.plusSeconds(20)));

        WindowedCost first = stores.windows("acme", "1m", CostDimension.TENANT, T0, T0).get(0);
        assertThat(first.getCalls()).isEqualTo(2);
        assertThat(first.getCost()).isEqualTo(Money.of("0.000005000000"));
    }

    @Test
    void shouldSkipUnreadableRecordAndCountTheNextOne() {
        rawUsage.pipeInput("acme", new byte[] {0x13, 0x37, 0x00, 0x42, 0x7f, 0x01}, T0.plusSeconds(1));
        rawUsage.pipeInput("acme", new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3}, T0.plusSeconds(1)); // unknown schema id
        pipe(usage("acme", MODELS.get(1), "0.000000150000", T0.plusSeconds(2)));

        List<WindowedCost> windows = stores.windows("acme", "1m", CostDimension.TENANT, T0, T0);
        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w.getCalls()).isEqualTo(1);
            assertThat(w.getCost()).isEqualTo(Money.of("0.000000150000"));
        });
        assertThat(oneMinute(byTenant.readKeyValuesToList())).hasSize(1);
    }

    @Test
    void shouldUseEventTimeNotRecordTime() {
        usage.pipeInput("acme", usage("acme", MODELS.get(0), "0.000000150000", T0.plusSeconds(61)), T0.plusSeconds(5));

        assertThat(stores.windows("acme", "1m", CostDimension.TENANT, T0, T0.plusSeconds(60)))
                .extracting(WindowedCost::getWindowStart).containsExactly(T0.plusSeconds(60));
    }

    @Test
    void shouldReadOnlyTheAskedTenantFromPerModelStores() {
        pipe(usage("acme", MODELS.get(0), "0.000000000001", T0.plusSeconds(1)));
        pipe(usage("acme-eu", MODELS.get(0), "0.000000000002", T0.plusSeconds(1)));
        pipe(usage("acm", MODELS.get(0), "0.000000000004", T0.plusSeconds(1)));
        pipe(usage("acme", MODELS.get(1), "0.000000000008", T0.plusSeconds(1)));

        List<WindowedCost> windows = stores.windows("acme", "1m", CostDimension.MODEL, T0, T0);
        assertThat(windows).extracting(WindowedCost::getModel).containsExactly(MODELS.get(1), MODELS.get(0));
        assertThat(windows).allSatisfy(w -> assertThat(w.getTenant()).isEqualTo("acme"));
        assertThat(stores.windows("nobody", "1m", CostDimension.MODEL, T0, T0)).isEmpty();
    }

    @Test
    void shouldNameEveryProcessorAndStore() {
        Topology topology = CostTopology.build(config, serdes);
        String description = topology.describe().toString();

        assertThat(CostTopology.storeNames(config)).containsExactly(
                "cost-tenant-1m", "cost-tenant-model-1m", "cost-tenant-team-1m", "cost-tenant-feature-1m",
                "cost-tenant-1h", "cost-tenant-model-1h", "cost-tenant-team-1h", "cost-tenant-feature-1h",
                "cost-tenant-1d", "cost-tenant-model-1d", "cost-tenant-team-1d", "cost-tenant-feature-1d",
                "cost-spend", "cost-budget-alert-marks", "cost-policies", "cost-usage-seen",
                "answers-tenant-1m", "answers-tenant-1h", "answers-tenant-1d");
        for (String store : CostStores.names(config)) {
            assertThat(description).contains("stores: [" + store + "]", store + "-aggregate");
        }
        for (String size : config.labels()) { // tenant and model windows go to their topics, team and feature do not
            for (String store : List.of("cost-tenant-" + size, "cost-tenant-model-" + size)) {
                assertThat(description).contains(store + "-updates", store + "-with-bounds", store + "-sink");
            }
            for (String store : List.of("cost-tenant-team-" + size, "cost-tenant-feature-" + size)) {
                assertThat(description).doesNotContain(store + "-updates", store + "-sink");
            }
        }
        assertThat(description).contains("Processor: cost-usage-dedup (stores: [cost-usage-seen])");
        assertThat(description).contains("cost-usage-source", "cost-by-tenant-key", "cost-by-tenant-model-key",
                "cost-by-tenant-repartition", "cost-by-tenant-model-repartition",
                "cost-by-tenant-team-repartition", "cost-by-tenant-feature-repartition",
                Topics.USAGE, Topics.COST_BY_TENANT, Topics.COST_BY_TENANT_MODEL);
        assertThat(description).contains("Processor: cost-spend-totals (stores: [cost-spend])",
                "Processor: cost-budget-alerts (stores: [cost-budget-alert-marks])",
                "Sink: cost-spend-totals-sink (topic: llm.spend)", "Sink: cost-budget-alerts-sink (topic: llm.alerts)",
                "Source: cost-policies-source (topics: [llm.policies])", "Processor: cost-policies (stores: [cost-policies])",
                "Source: cost-keys-source (topics: [llm.keys])", "Processor: cost-keys (stores: [cost-keys])");
        assertThat(description).contains("Source: answers-source", AnswerTopics.PATTERN.pattern(),
                "answers-by-tenant-key", "answers-by-tenant-repartition");
        for (String size : config.labels()) {
            assertThat(description).contains("Processor: answers-tenant-" + size + "-aggregate (stores: [answers-tenant-" + size + "])");
        }
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-", "-STATE-STORE-");
    }

    private static List<KeyValue<String, WindowedCost>> oneMinute(List<KeyValue<String, WindowedCost>> records) {
        return records.stream().filter(kv -> "1m".equals(kv.value.getWindow())).toList();
    }

    private void pipe(UsageEvent event) {
        usage.pipeInput(event.getTenant(), event);
    }

    /** Random awkward costs over two tenants, two models and two minutes, in event-time order. */
    private static List<UsageEvent> awkwardEvents(int count) {
        Random random = new Random(42);
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BigDecimal cost = random.nextBoolean()
                    ? new BigDecimal(AWKWARD.get(random.nextInt(AWKWARD.size())))
                    : BigDecimal.valueOf(random.nextLong(1, 10_000_000_000L), 12);
            BigDecimal baseline = BigDecimal.valueOf(random.nextLong(0, 10_000_000_000L), 12);
            events.add(usage(TENANTS.get(i % 2), MODELS.get(random.nextInt(2)), cost, baseline,
                    random.nextInt(5000), random.nextInt(2000), random.nextInt(100),
                    T0.plusMillis(random.nextLong(0, 120_000))));
        }
        events.sort(Comparator.comparing(UsageEvent::getOccurredAt));
        return events;
    }

    private static Instant minute(UsageEvent e) {
        long millis = e.getOccurredAt().toEpochMilli();
        return Instant.ofEpochMilli(millis - millis % Duration.ofMinutes(1).toMillis());
    }

    /** The expected window, summed independently of the code under test. */
    private static final class Expected {
        BigDecimal cost = BigDecimal.ZERO.setScale(12);
        BigDecimal baseline = BigDecimal.ZERO.setScale(12);
        long calls;
        long input;
        long output;
        long cached;

        void add(UsageEvent e) {
            cost = cost.add(e.getCost());
            baseline = baseline.add(e.getBaselineCost());
            calls++;
            input += e.getUsage().getInputTokens();
            output += e.getUsage().getOutputTokens();
            cached += e.getUsage().getCachedInputTokens();
        }
    }
}
