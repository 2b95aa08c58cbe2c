package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.router.ledger.LedgerTopology;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RateLimit;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
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

/**
 * A tenant sending in all three tiers at once is held to its rate limits and session cap exactly: the three lanes
 * take their permits from the tenant's one ledger. (Counted in each lane, as before, it got up to three times them.)
 */
class LaneLimitsTopologyTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<Tier> TIERS = List.of(Tier.INTERACTIVE, Tier.STANDARD, Tier.BATCH);
    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://lane-limits-test");
    private final RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000,
            new TenantPolicy(Set.of(), "sim/large", "sim/large", List.of(), Duration.ofHours(1), 0.0, 1.0, null), Map.of(), Map.of());

    @TempDir
    Path stateDir;
    private final Map<Tier, TopologyTestDriver> lanes = new EnumMap<>(Tier.class);
    private TopologyTestDriver ledger;
    private final List<LeaseMessage> carried = new ArrayList<>();

    @BeforeEach
    void start() {
        for (Tier tier : TIERS) {
            lanes.put(tier, new TopologyTestDriver(RouterTopology.build(config, ModelCatalog.loadDefault(), serdes, Optional.empty(), Optional.empty(),
                    RouterListeners.NONE, tier), props("lane-" + tier), START));
        }
        ledger = new TopologyTestDriver(LedgerTopology.build(serdes), props("ledger"), START);
    }

    @AfterEach
    void close() {
        lanes.values().forEach(TopologyTestDriver::close);
        ledger.close();
    }

    @Test
    void shouldHoldATenantSendingInEveryTierToItsRequestsPerMinute() {
        apply(policy().setRateLimits(new ArrayList<>(List.of(new RateLimit(BudgetScope.TENANT, null, 10, null)))).build());

        for (int i = 0; i < 30; i++) {
            send(TIERS.get(i % 3), "burst-" + i, null, START.plusMillis(i));
        }

        List<RoutedRequest> admitted = routedInEveryLane();
        List<LlmResponse> refused = refusedInEveryLane();
        assertThat(admitted).as("ten in the minute, whichever lanes they came through").hasSize(10);
        assertThat(refused).hasSize(20).allSatisfy(r -> {
            assertThat(r.getError().getCode()).isEqualTo(GovernanceCodes.RATE_LIMITED);
            assertThat(r.getError().getMessage()).isEqualTo("tenant acme: 10 requests in the last minute; the limit is 10 per minute");
        });
        assertThat(admitted).extracting(r -> r.getRequest().getRequestId()).as("every lane had its share").anyMatch(id -> id.endsWith("0") || id.endsWith("3"));
    }

    @Test
    void shouldLetTheMinuteSlideForEveryLaneOnceTheLanesReportedWhatTheyUsed() {
        apply(policy().setRateLimits(new ArrayList<>(List.of(new RateLimit(BudgetScope.TENANT, null, 4, null)))).build());
        for (int i = 0; i < 6; i++) {
            send(TIERS.get(i % 3), "a" + i, null, START);
        }
        assertThat(routedInEveryLane()).hasSize(4);
        assertThat(refusedInEveryLane()).hasSize(2);

        tick(Duration.ofSeconds(2));
        send(Tier.BATCH, "s30", null, START.plusSeconds(30));
        assertThat(refusedInEveryLane()).extracting(LlmResponse::getRequestId).containsExactly("s30");

        tick(Duration.ofSeconds(60));
        for (int i = 0; i < 6; i++) {
            send(TIERS.get(i % 3), "b" + i, null, START.plusSeconds(61));
        }
        assertThat(routedInEveryLane()).as("a minute later the limit is whole again, across the lanes").hasSize(4);
        assertThat(refusedInEveryLane()).hasSize(2);
    }

    @Test
    void shouldStopOneSessionSentThroughEveryTierAtItsCap() {
        apply(policy().setMaxTokensPerSession(1_000L).build());

        // Each request asks for 111 tokens: "Question nn" is 3 tokens, 8 for the message, 100 of output.
        for (int i = 10; i < 40; i++) {
            send(TIERS.get(i % 3), "turn-" + i, "agent-7", START.plusSeconds(i));
        }

        // Nine turns of 111 tokens fit in 1000. Near the cap a lane may be refused what another lane holds unused
        // (it goes back after a second idle): the cap is never passed, and at most one turn is lost to that.
        List<RoutedRequest> admitted = routedInEveryLane();
        assertThat(admitted).hasSizeBetween(8, 9);
        List<LlmResponse> refused = refusedInEveryLane();
        assertThat(refused).hasSize(30 - admitted.size()).allSatisfy(r -> assertThat(r.getError().getCode()).isEqualTo(GovernanceCodes.SESSION_TOKEN_CAP));
        assertThat(refused.get(0).getError().getMessage()).contains("session agent-7").contains("the cap is 1000 per session");
    }

    @Test
    void shouldAskTheLedgerOnceForSixteenRequestsWellInsideTheLimit() {
        apply(policy().setRateLimits(new ArrayList<>(List.of(new RateLimit(BudgetScope.TENANT, null, 6_000, null)))).build());

        for (int i = 0; i < 16; i++) {
            send(Tier.INTERACTIVE, "calm-" + i, null, START.plusMillis(i * 100L));
        }

        assertThat(routedInEveryLane()).hasSize(16);
        assertThat(carried).filteredOn(m -> m instanceof LeaseAsk).as("one ask lent room for the next fifteen").hasSize(1);
    }

    private void send(Tier tier, String id, String session, Instant at) {
        String json = "{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"auto\",\"max_tokens\":100"
                + (session == null ? "" : ",\"session_id\":\"" + session + "\"")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Question " + id.substring(id.length() - 2) + "\"}]}";
        lanes.get(tier).createInputTopic(Topics.requests(tier), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("acme", json.getBytes(StandardCharsets.UTF_8), at);
        exchange();
    }

    /** Moves every lane's clock: each reports what it used and gives idle permits back. */
    private void tick(Duration by) {
        lanes.values().forEach(lane -> lane.advanceWallClockTime(by));
        exchange();
    }

    private void apply(GovernancePolicy policy) {
        lanes.values().forEach(lane -> lane.createInputTopic(Topics.POLICIES, new StringSerializer(), serdes.policies().serializer()).pipeInput("acme", policy));
    }

    /** Carries asks and returns to the ledger and its grants to every lane, with their times, until nobody has more to say. */
    private void exchange() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (TopologyTestDriver lane : lanes.values()) {
                var inbox = ledger.createInputTopic(Topics.BUDGET_LEASES, new StringSerializer(), LeaseCodecs.MESSAGES.serializer());
                for (var message : lane.createOutputTopic(Topics.BUDGET_LEASES, new StringDeserializer(), LeaseCodecs.MESSAGES.deserializer()).readRecordsToList()) {
                    carried.add(message.value());
                    inbox.pipeInput(message.key(), message.value(), message.timestamp());
                    moved = true;
                }
            }
            for (var grant : ledger.createOutputTopic(Topics.BUDGET_GRANTS, new StringDeserializer(), LeaseCodecs.GRANTS.deserializer()).readRecordsToList()) {
                for (TopologyTestDriver lane : lanes.values()) {
                    lane.createInputTopic(Topics.BUDGET_GRANTS, new StringSerializer(), LeaseCodecs.GRANTS.serializer())
                            .pipeInput(grant.key(), (LeaseGrant) grant.value(), grant.timestamp());
                }
            }
        }
    }

    private List<RoutedRequest> routedInEveryLane() {
        List<RoutedRequest> all = new ArrayList<>();
        lanes.values().forEach(lane -> all.addAll(lane.createOutputTopic(Topics.route("sim/large", Tier.STANDARD), new StringDeserializer(), serdes.routed())
                .readValuesToList()));
        return all;
    }

    private List<LlmResponse> refusedInEveryLane() {
        List<LlmResponse> all = new ArrayList<>();
        lanes.values().forEach(lane -> all.addAll(lane.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses()).readValuesToList()));
        return all;
    }

    private static GovernancePolicy.Builder policy() {
        return GovernancePolicy.newBuilder().setTenant("acme").setRequireKey(false).setBudgets(new ArrayList<>()).setRateLimits(new ArrayList<>())
                .setDowngradeModel(null).setMaxTokensPerRequest(null).setMaxTokensPerSession(null).setDefaultMaxTokens(1024).setConfigVersion(1);
    }

    private Properties props(String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        return props;
    }
}
