package dev.switchboard.benchmarks;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.RouterTopology;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.governance.VirtualKeyHash;
import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.RateLimit;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.ledger.LedgerTopology;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * What governance costs the router: each request and its answer through the real router topology (RocksDB, one
 * thread, no semantic cache) with no policy (the baseline, in the same run), with keys required, and with keys,
 * rate limits per key, team and tenant, a session cap and budgets per tenant, team and key (limits high enough that
 * nothing is refused: the cost of the checks, not of refusals). Each request is timed from its record in to its
 * answer settled; the modes take turns over three rounds after an untimed one, and each mode's median round is
 * reported. Prints figures; asserts nothing.
 *
 * <p>Usage: {@code ./benchmarks/run governance [--requests 20000] [--keys 50]}
 */
public final class GovernanceBenchmark {
    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    private static final String TENANT = "acme";
    private static final int ROUNDS = 3;

    private enum Mode {
        OPEN("no policy (baseline)"), KEYS("keys required"), FULL("keys + 3 rate limits + session cap + 4 budgets");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args);
        int requests = Integer.parseInt(options.getOrDefault("requests", "20000"));
        int keys = Integer.parseInt(options.getOrDefault("keys", "50"));
        System.out.printf(Locale.ROOT, "governance benchmark: %d requests (each answered and settled), %d keys in 5 teams, %d cores, Java %s%n",
                requests, keys, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        // One untimed round first, so the JIT has compiled the router's code; then the modes take turns, round after
        // round, so drift on a noisy machine touches each of them alike; each mode's median round is reported.
        for (Mode mode : Mode.values()) {
            run(mode, Math.max(requests / 4, 1000), keys);
        }
        Map<Mode, List<Result>> rounds = new EnumMap<>(Mode.class);
        for (int round = 0; round < ROUNDS; round++) {
            for (Mode mode : Mode.values()) {
                rounds.computeIfAbsent(mode, m -> new ArrayList<>()).add(run(mode, requests, keys));
            }
        }
        Result baseline = median(rounds.get(Mode.OPEN));
        for (Mode mode : Mode.values()) {
            Result result = median(rounds.get(mode));
            System.out.printf(Locale.ROOT, "router, %-46s %,7.0f req/s  p50 %.3f ms  p99 %.3f ms  ratio to baseline %.3f  (refused %d)%n",
                    mode.label + ":", result.rate(), result.latency().millis(50), result.latency().millis(99), result.rate() / baseline.rate(), result.refused());
        }
    }

    private static Result median(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(Result::rate));
        return sorted.get(sorted.size() / 2);
    }

    private record Result(double rate, Percentiles latency, long refused) {
    }

    private static Result run(Mode mode, int requests, int keyCount) throws Exception {
        TenantPolicy open = new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), 0.0, 1.0, null);
        RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 400_000, open, Map.of(), Map.of());
        SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://governance-benchmark");
        Path state = Files.createTempDirectory("governance-benchmark");
        Properties ledgerProps = props(Files.createTempDirectory("governance-benchmark-ledger"));
        ledgerProps.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-benchmark-ledger");
        // Budgets are lent to the lane by the tenant's ledger, its own application: both run here, records carried by hand.
        try (TopologyTestDriver driver = new TopologyTestDriver(RouterTopology.build(config, ModelCatalog.loadDefault(), serdes, Optional.empty()),
                props(state), START);
             TopologyTestDriver ledger = new TopologyTestDriver(LedgerTopology.build(serdes), ledgerProps, START)) {
            TestOutputTopic<String, LeaseMessage> asks = driver.createOutputTopic(Topics.BUDGET_LEASES, new StringDeserializer(), LeaseCodecs.MESSAGES.deserializer());
            TestInputTopic<String, LeaseMessage> ledgerInbox = ledger.createInputTopic(Topics.BUDGET_LEASES, new StringSerializer(), LeaseCodecs.MESSAGES.serializer());
            TestOutputTopic<String, LeaseGrant> grants = ledger.createOutputTopic(Topics.BUDGET_GRANTS, new StringDeserializer(), LeaseCodecs.GRANTS.deserializer());
            TestInputTopic<String, LeaseGrant> laneInbox = driver.createInputTopic(Topics.BUDGET_GRANTS, new StringSerializer(), LeaseCodecs.GRANTS.serializer());
            TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, CacheFill> answers = driver.createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer());
            TestOutputTopic<String, RoutedRequest> routed = driver.createOutputTopic(Topics.route("sim/small", Tier.STANDARD), new StringDeserializer(), serdes.routed());
            TestOutputTopic<String, LlmResponse> responses = driver.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses());
            List<String> secrets = new ArrayList<>();
            for (int k = 0; k < keyCount; k++) {
                secrets.add("sk-sb-benchmark-" + k + "-0123456789abcdef");
            }
            if (mode != Mode.OPEN) {
                TestInputTopic<String, VirtualKey> keys = driver.createInputTopic(Topics.KEYS, new StringSerializer(), serdes.virtualKeys().serializer());
                for (int k = 0; k < keyCount; k++) {
                    VirtualKey key = key("key-" + k, secrets.get(k), "team-" + (k % 5));
                    keys.pipeInput(key.getKeySha256(), key);
                }
                driver.createInputTopic(Topics.POLICIES, new StringSerializer(), serdes.policies().serializer()).pipeInput(TENANT, policy(mode));
            }
            int warmup = Math.min(1000, requests / 10);
            long[] nanos = new long[requests];
            long refused = 0;
            long start = 0;
            for (int i = 0; i < requests + warmup; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                long began = System.nanoTime();
                input.pipeInput(TENANT, request(i, mode == Mode.OPEN ? null : secrets.get(i % keyCount)), START.plusMillis(i));
                while (!asks.isEmpty()) {
                    asks.readRecordsToList().forEach(r -> ledgerInbox.pipeInput(r.key(), r.value()));
                    grants.readRecordsToList().forEach(r -> laneInbox.pipeInput(r.key(), r.value()));
                }
                if (routed.isEmpty()) {
                    refused += responses.readValuesToList().size();
                } else {
                    RoutedRequest sent = routed.readValue();
                    answers.pipeInput(TENANT, answer(sent), START.plusMillis(i));
                }
                if (i >= warmup) {
                    nanos[i - warmup] = System.nanoTime() - began;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(requests / seconds, new Percentiles(nanos), refused);
        }
    }

    /** The baseline's requests carry no key: an unknown key is refused even where none is required. */
    private static byte[] request(int i, String secret) {
        String json = "{\"request_id\":\"g" + i + "\",\"tenant\":\"" + TENANT + "\",\"model\":\"sim/small\""
                + (secret == null ? "" : ",\"api_key\":\"" + secret + "\"")
                + ",\"session_id\":\"session-" + (i % 200) + "\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"Question number "
                + i + ": what does a tumbling window of one minute count?\"}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static CacheFill answer(RoutedRequest routed) {
        LlmResponse answer = Responses.base(routed.getRequest().getRequestId(), TENANT, ResponseStatus.OK, START)
                .setModel(routed.getModel()).setContent("a count of the minute's records").setUsage(new Usage(40, 12, 0, 0))
                .setCost(Money.of("0.000021")).build();
        return new CacheFill(TENANT, routed.getRequest().getRequestId(), routed.getCacheKey(), null, answer, routed.getSemantic());
    }

    private static VirtualKey key(String id, String secret, String team) {
        return VirtualKey.newBuilder().setKeyId(id).setKeySha256(VirtualKeyHash.sha256Hex(secret)).setTenant(TENANT).setTeam(team)
                .setProject(null).setUser(null).setAllowedModels(new ArrayList<>()).setAllowedTiers(new ArrayList<>())
                .setExpiresAt(null).setRevoked(false).setConfigVersion(1).build();
    }

    private static GovernancePolicy policy(Mode mode) {
        GovernancePolicy.Builder policy = GovernancePolicy.newBuilder().setTenant(TENANT).setRequireKey(true).setBudgets(new ArrayList<>())
                .setRateLimits(new ArrayList<>()).setDowngradeModel(null).setMaxTokensPerRequest(null).setMaxTokensPerSession(null)
                .setDefaultMaxTokens(1024).setConfigVersion(1);
        if (mode == Mode.FULL) {
            policy.setMaxTokensPerRequest(100_000L).setMaxTokensPerSession(1_000_000_000L)
                    .setRateLimits(new ArrayList<>(List.of(
                            new RateLimit(BudgetScope.KEY, null, 1_000_000_000, 1_000_000_000_000L),
                            new RateLimit(BudgetScope.TEAM, null, 1_000_000_000, null),
                            new RateLimit(BudgetScope.TENANT, null, 1_000_000_000, 1_000_000_000_000L))))
                    .setBudgets(new ArrayList<>(List.of(
                            new Budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, Money.of("1000000"), null),
                            new Budget(BudgetScope.TENANT, null, BudgetPeriod.MONTH, Money.of("10000000"), null),
                            new Budget(BudgetScope.TEAM, null, BudgetPeriod.DAY, Money.of("100000"), null),
                            new Budget(BudgetScope.KEY, null, BudgetPeriod.DAY, Money.of("10000"), null))));
        }
        return policy.build();
    }

    private static Properties props(Path state) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-benchmark");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return props;
    }
}
