package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.router.ledger.LedgerTopology;
import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two lanes of one tenant share its hard budget through the one ledger: together they never hold more than it. */
class LaneBudgetTopologyTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://lane-budget-test");
    private final RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000,
            new TenantPolicy(Set.of(), "sim/large", "sim/large", List.of(), Duration.ofHours(1), 0.0, 1.0, null), Map.of(), Map.of());

    @TempDir
    Path stateDir;
    private final Map<Tier, TopologyTestDriver> lanes = new EnumMap<>(Tier.class);
    private TopologyTestDriver ledger;

    @BeforeEach
    void start() {
        for (Tier tier : List.of(Tier.INTERACTIVE, Tier.BATCH)) {
            lanes.put(tier, new TopologyTestDriver(RouterTopology.build(config, ModelCatalog.loadDefault(), serdes, Optional.empty(), Optional.empty(),
                    RouterListeners.NONE, tier), props("lane-" + tier), START));
        }
        ledger = new TopologyTestDriver(LedgerTopology.build(serdes), props("ledger"), START);
        GovernancePolicy policy = GovernancePolicy.newBuilder().setTenant("acme").setRequireKey(false).setRateLimits(new ArrayList<>())
                .setDowngradeModel(null).setMaxTokensPerRequest(null).setMaxTokensPerSession(null).setDefaultMaxTokens(1024).setConfigVersion(1)
                .setBudgets(new ArrayList<>(List.of(new Budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, Money.of("0.005"), null)))).build();
        lanes.values().forEach(lane -> lane.createInputTopic(Topics.POLICIES, new StringSerializer(), serdes.policies().serializer()).pipeInput("acme", policy));
    }

    @AfterEach
    void close() {
        lanes.values().forEach(TopologyTestDriver::close);
        ledger.close();
    }

    @Test
    void shouldHoldOneHardBudgetAcrossLanesAndLendWhatOneLaneGaveBackToTheOther() {
        for (int i = 0; i < 10; i++) {
            send(i % 2 == 0 ? Tier.INTERACTIVE : Tier.BATCH, "race-" + i);
        }
        List<RoutedRequest> interactive = routed(Tier.INTERACTIVE);
        List<RoutedRequest> batch = routed(Tier.BATCH);
        List<LlmResponse> refused = new ArrayList<>(refusals(Tier.INTERACTIVE));
        refused.addAll(refusals(Tier.BATCH));
        // sim/large, 100 output tokens and a short prompt: a worst case of about 0.00105 USD, so four fit in 0.005.
        assertThat(interactive.size() + batch.size()).as("the lanes together hold no more than the budget").isEqualTo(4);
        assertThat(interactive).as("both lanes got lease").isNotEmpty();
        assertThat(batch).isNotEmpty();
        assertThat(refused).hasSize(6).allSatisfy(r -> assertThat(r.getError().getCode()).isEqualTo(GovernanceCodes.BUDGET_EXCEEDED));

        // The interactive lane's answers cost little; it reports them and gives its idle lease back a second later.
        interactive.forEach(r -> answer(Tier.INTERACTIVE, r, "0.0001"));
        lanes.get(Tier.INTERACTIVE).advanceWallClockTime(Duration.ofSeconds(2));
        exchange();
        send(Tier.BATCH, "after-return");

        assertThat(routed(Tier.BATCH)).extracting(r -> r.getRequest().getRequestId()).containsExactly("after-return");
    }

    @Test
    void shouldLetIdenticalRequestsArrivingDuringTheLedgerRoundTripWaitForTheFirst() {
        // Both arrive before the ledger's grant: the second must find the first leading, not call the provider too.
        pipe(Tier.INTERACTIVE, "first", "What is a tumbling window?");
        pipe(Tier.INTERACTIVE, "second", "What is a tumbling window?");
        exchange();

        List<RoutedRequest> routed = routed(Tier.INTERACTIVE);
        assertThat(routed).extracting(r -> r.getRequest().getRequestId()).containsExactly("first");
        answer(Tier.INTERACTIVE, routed.get(0), "0.0001");
        LlmResponse coalesced = refusals(Tier.INTERACTIVE).stream().filter(r -> r.getRequestId().equals("second")).findFirst().orElseThrow();
        assertThat(coalesced.getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(coalesced.getCache().getOutcome()).isEqualTo(dev.switchboard.schemas.CacheOutcome.COALESCED);
    }

    @Test
    void shouldSendTheWaitersOfALeaderItsBudgetRefusedOnTheirOwn() {
        for (int i = 0; i < 4; i++) {
            send(Tier.BATCH, "fill-" + i);
        }
        // The budget is held by four requests in flight: the leader is refused, and must not strand the one behind it.
        pipe(Tier.INTERACTIVE, "leader", "Write a haiku about queues.");
        pipe(Tier.INTERACTIVE, "waiter", "Write a haiku about queues.");
        exchange();
        lanes.get(Tier.INTERACTIVE).advanceWallClockTime(Duration.ofSeconds(11));
        exchange();

        assertThat(refusals(Tier.INTERACTIVE)).extracting(LlmResponse::getRequestId, r -> r.getError().getCode())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("leader", GovernanceCodes.BUDGET_EXCEEDED),
                        org.assertj.core.groups.Tuple.tuple("waiter", GovernanceCodes.BUDGET_EXCEEDED));
    }

    private void pipe(Tier tier, String id, String question) {
        String json = "{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"auto\",\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
        lanes.get(tier).createInputTopic(Topics.requests(tier), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("acme", json.getBytes(StandardCharsets.UTF_8), START);
    }

    private void send(Tier tier, String id) {
        String json = "{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"auto\",\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Question " + id + "\"}]}";
        lanes.get(tier).createInputTopic(Topics.requests(tier), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("acme", json.getBytes(StandardCharsets.UTF_8), START);
        exchange();
    }

    private void answer(Tier tier, RoutedRequest routed, String cost) {
        LlmResponse answer = Responses.base(routed.getRequest().getRequestId(), "acme", ResponseStatus.OK, START)
                .setModel(routed.getModel()).setContent("ok").setUsage(new Usage(10, 5, 0, 0)).setCost(Money.of(cost)).build();
        lanes.get(tier).createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer())
                .pipeInput("acme", new CacheFill("acme", routed.getRequest().getRequestId(), routed.getCacheKey(), null, answer, routed.getSemantic()));
    }

    /** Carries every lane's asks and returns to the ledger and its grants to every lane, until nobody has more to say. */
    private void exchange() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (TopologyTestDriver lane : lanes.values()) {
                var out = lane.createOutputTopic(Topics.BUDGET_LEASES, new StringDeserializer(), LeaseCodecs.MESSAGES.deserializer()).readRecordsToList();
                var inbox = ledger.createInputTopic(Topics.BUDGET_LEASES, new StringSerializer(), LeaseCodecs.MESSAGES.serializer());
                for (var message : out) {
                    inbox.pipeInput(message.key(), (LeaseMessage) message.value());
                    moved = true;
                }
            }
            for (var grant : ledger.createOutputTopic(Topics.BUDGET_GRANTS, new StringDeserializer(), LeaseCodecs.GRANTS.deserializer()).readRecordsToList()) {
                for (TopologyTestDriver lane : lanes.values()) {
                    lane.createInputTopic(Topics.BUDGET_GRANTS, new StringSerializer(), LeaseCodecs.GRANTS.serializer()).pipeInput(grant.key(), (LeaseGrant) grant.value());
                }
            }
        }
    }

    private List<RoutedRequest> routed(Tier lane) {
        return lanes.get(lane).createOutputTopic(Topics.route("sim/large", Tier.STANDARD), new StringDeserializer(), serdes.routed()).readValuesToList();
    }

    private List<LlmResponse> refusals(Tier lane) {
        return lanes.get(lane).createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses()).readValuesToList();
    }

    private Properties props(String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        return props;
    }
}
