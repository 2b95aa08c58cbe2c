package dev.switchboard.router;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.ledger.LedgerTopology;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmResponse;
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

/**
 * Lanes of one tenant ("acme") and the ledger they share, each in its own TopologyTestDriver, with the lease topics
 * carried between them by {@link #exchange()} as the broker would. Every request asks for {@code auto} and routes to
 * sim/large in the standard tier's topic.
 */
final class LanesWithLedger implements AutoCloseable {
    static final String TENANT = "acme";
    private static final RouterConfig CONFIG = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000,
            new TenantPolicy(Set.of(), "sim/large", "sim/large", List.of(), Duration.ofHours(1), 0.0, 1.0, null), Map.of(), Map.of());

    private final SwitchboardSerdes serdes;
    private final Path stateDir;
    private final Map<Tier, TopologyTestDriver> lanes = new EnumMap<>(Tier.class);
    private final TopologyTestDriver ledger;
    /** Every ask and return a lane sent the ledger, in order. */
    final List<LeaseMessage> carried = new ArrayList<>();

    LanesWithLedger(SwitchboardSerdes serdes, Path stateDir, List<Tier> tiers, Instant start) {
        this.serdes = serdes;
        this.stateDir = stateDir;
        for (Tier tier : tiers) {
            lanes.put(tier, new TopologyTestDriver(RouterTopology.build(CONFIG, ModelCatalog.loadDefault(), serdes, Optional.empty(), Optional.empty(),
                    RouterListeners.NONE, tier), props("lane-" + tier), start));
        }
        ledger = new TopologyTestDriver(LedgerTopology.build(serdes), props("ledger"), start);
    }

    /** The tenant's policy, as llm.policies gives it to every lane. */
    void apply(GovernancePolicy policy) {
        lanes.values().forEach(lane -> lane.createInputTopic(Topics.POLICIES, new StringSerializer(), serdes.policies().serializer()).pipeInput(TENANT, policy));
    }

    /** One request of the tenant into a lane, asking for 100 output tokens; the lease exchange it starts is left to the caller. */
    void pipe(Tier tier, String id, String question, String session, Instant at) {
        String json = "{\"request_id\":\"" + id + "\",\"tenant\":\"" + TENANT + "\",\"model\":\"auto\",\"max_tokens\":100"
                + (session == null ? "" : ",\"session_id\":\"" + session + "\"")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
        lanes.get(tier).createInputTopic(Topics.requests(tier), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(TENANT, json.getBytes(StandardCharsets.UTF_8), at);
    }

    /** Moves every lane's clock: each reports what it used and gives idle leases back. */
    void tick(Duration by) {
        lanes.values().forEach(lane -> lane.advanceWallClockTime(by));
        exchange();
    }

    /** Moves one lane's clock. */
    void tick(Tier tier, Duration by) {
        lanes.get(tier).advanceWallClockTime(by);
        exchange();
    }

    /** Carries asks and returns to the ledger and its grants to every lane, with their times, until nobody has more to say. */
    void exchange() {
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

    TopologyTestDriver lane(Tier tier) {
        return lanes.get(tier);
    }

    /** What a lane routed since last read. */
    List<RoutedRequest> routed(Tier tier) {
        return lanes.get(tier).createOutputTopic(Topics.route("sim/large", Tier.STANDARD), new StringDeserializer(), serdes.routed()).readValuesToList();
    }

    /** What a lane answered itself (refusals, cache and coalesced answers) since last read. */
    List<LlmResponse> answered(Tier tier) {
        return lanes.get(tier).createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses()).readValuesToList();
    }

    List<RoutedRequest> routedInEveryLane() {
        List<RoutedRequest> all = new ArrayList<>();
        lanes.keySet().forEach(tier -> all.addAll(routed(tier)));
        return all;
    }

    List<LlmResponse> answeredInEveryLane() {
        List<LlmResponse> all = new ArrayList<>();
        lanes.keySet().forEach(tier -> all.addAll(answered(tier)));
        return all;
    }

    private Properties props(String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        return props;
    }

    @Override
    public void close() {
        lanes.values().forEach(TopologyTestDriver::close);
        ledger.close();
    }
}
