package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.router.ledger.LedgerTopology;
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
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, token caps, rate limits and budgets in the router topology, with the live config piped to its global stores. */
class GovernanceTopologyTest {
    private static final ModelCatalog CATALOG = ModelCatalog.loadDefault();
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final String SEARCH_KEY = "sk-sb-search-0123456789abcdef";
    private static final String ADS_KEY = "sk-sb-ads-0123456789abcdef";
    private static final String SMALL_ONLY_KEY = "sk-sb-small-only-0123456789";

    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://governance-topology-test");
    private final RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000,
            new TenantPolicy(Set.of(), "sim/large", "sim/large", List.of(), Duration.ofHours(1), 0.0, 1.0, null), Map.of(), Map.of());

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    /** The tenant's ledger runs as its own application: records between the two are carried by {@link #exchangeLeases()}. */
    private TopologyTestDriver ledger;
    private TestOutputTopic<String, LeaseMessage> laneToLedger;
    private TestInputTopic<String, LeaseMessage> ledgerInbox;
    private TestOutputTopic<String, LeaseGrant> ledgerToLanes;
    private TestInputTopic<String, LeaseGrant> laneInbox;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, VirtualKey> keys;
    private TestInputTopic<String, GovernancePolicy> policies;
    private TestInputTopic<String, SpendUpdate> spend;
    private TestInputTopic<String, CacheFill> cacheFill;
    private TestOutputTopic<String, LlmResponse> responses;
    private TestOutputTopic<String, RoutedRequest> large;
    private TestOutputTopic<String, RoutedRequest> small;

    private Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    @BeforeEach
    void startDriver() {
        Properties props = props();
        driver = new TopologyTestDriver(RouterTopology.build(config, CATALOG, serdes, Optional.empty()), props, START);
        Properties ledgerProps = new Properties();
        ledgerProps.putAll(props);
        ledgerProps.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-test-ledger");
        ledgerProps.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("ledger").toString());
        ledger = new TopologyTestDriver(LedgerTopology.build(serdes), ledgerProps, START);
        laneToLedger = driver.createOutputTopic(Topics.BUDGET_LEASES, new StringDeserializer(), LeaseCodecs.MESSAGES.deserializer());
        ledgerInbox = ledger.createInputTopic(Topics.BUDGET_LEASES, new StringSerializer(), LeaseCodecs.MESSAGES.serializer());
        ledgerToLanes = ledger.createOutputTopic(Topics.BUDGET_GRANTS, new StringDeserializer(), LeaseCodecs.GRANTS.deserializer());
        laneInbox = driver.createInputTopic(Topics.BUDGET_GRANTS, new StringSerializer(), LeaseCodecs.GRANTS.serializer());
        requests = driver.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer(), START, Duration.ZERO);
        keys = driver.createInputTopic(Topics.KEYS, new StringSerializer(), serdes.virtualKeys().serializer());
        policies = driver.createInputTopic(Topics.POLICIES, new StringSerializer(), serdes.policies().serializer());
        spend = ledger.createInputTopic(Topics.SPEND, new StringSerializer(), serdes.spend().serializer());
        cacheFill = driver.createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer());
        responses = driver.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses());
        large = driver.createOutputTopic(Topics.route("sim/large", Tier.STANDARD), new StringDeserializer(), serdes.routed());
        small = driver.createOutputTopic(Topics.route("sim/small", Tier.STANDARD), new StringDeserializer(), serdes.routed());
        issue(key("search-ci", SEARCH_KEY, "acme", "search", List.of()));
        issue(key("ads-ci", ADS_KEY, "acme", "ads", List.of()));
        issue(key("small-only", SMALL_ONLY_KEY, "acme", "search", List.of("sim/small")));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
        ledger.close();
    }

    /** Carries asks and returns to the ledger and its grants back, as the broker would, until neither side has more to say. */
    private void exchangeLeases() {
        while (!laneToLedger.isEmpty()) {
            // With their times: the ledger's minute ends at the time of the ask.
            laneToLedger.readRecordsToList().forEach(r -> ledgerInbox.pipeInput(r.key(), r.value(), r.timestamp()));
            ledgerToLanes.readRecordsToList().forEach(r -> laneInbox.pipeInput(r.key(), r.value(), r.timestamp()));
        }
    }

    @Test
    void shouldRefuseRequestsWithoutAValidKeyAndNeverPassTheKeyOn() {
        policies.pipeInput("acme", policy().build());

        send(request("r1", null, "auto", "hello", null, null), START);
        send(request("r2", "sk-sb-made-up", "auto", "hello", null, null), START);
        send(request("r3", SEARCH_KEY, "auto", "hello", null, null).replace("\"acme\"", "\"globex\""), START);
        send(request("r4", SEARCH_KEY, "auto", "hello", null, null), START);

        Map<String, LlmResponse> answers = byId(responses.readValuesToList());
        assertThat(answers.get("r1").getError().getCode()).isEqualTo(GovernanceCodes.MISSING_KEY);
        assertThat(answers.get("r2").getError().getCode()).isEqualTo(GovernanceCodes.INVALID_KEY);
        assertThat(answers.get("r2").getError().getMessage()).doesNotContain("sk-sb-made-up");
        assertThat(answers.get("r3").getError().getCode()).as("globex requires no key, but a key of acme's is still refused")
                .isEqualTo(GovernanceCodes.KEY_TENANT_MISMATCH);
        List<RoutedRequest> routed = large.readValuesToList();
        assertThat(routed).extracting(r -> r.getRequest().getRequestId()).containsExactly("r4");
        RoutedRequest admitted = routed.get(0);
        assertThat(admitted.getRequest().getApiKey()).as("the key stops at admission").isNull();
        assertThat(admitted.getRequest().getAttribution().getKeyId()).isEqualTo("search-ci");
        assertThat(admitted.getRequest().getAttribution().getTeam()).isEqualTo("search");
        assertThat(routed.toString()).doesNotContain(SEARCH_KEY);
    }

    @Test
    void shouldMaskTheKeyInTheDeadLetterOfAnInvalidRequest() {
        TestOutputTopic<String, dev.switchboard.schemas.DeadLetter> dlq = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), serdes.deadLetters());

        send(request("bad-model", SEARCH_KEY, "gpt-99-ultra", "hello", null, null), START);

        String payload = StandardCharsets.UTF_8.decode(dlq.readValue().getPayload()).toString();
        assertThat(payload).contains("gpt-99-ultra").doesNotContain(SEARCH_KEY).contains("\"api_key\":\"[masked]\"");
    }

    @Test
    void shouldNeverWriteAKeyToTheDeadLetterQueueHoweverTheRecordIsBroken() {
        TestOutputTopic<String, dev.switchboard.schemas.DeadLetter> dlq = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), serdes.deadLetters());
        String escaped = "\\u0073" + SEARCH_KEY.substring(1);
        String partial = SEARCH_KEY.substring(0, 16);

        send(request("bad-tier", SEARCH_KEY, "auto", "hello", null, null).replace("\"model\"", "\"tier\":\"urgent\",\"model\""), START);
        send(request("cut-in-key", SEARCH_KEY, "auto", "hello", null, null).substring(0, 88), START);
        send(request("cut-after-key", SEARCH_KEY, "auto", "hello", null, null).substring(0, 110), START);
        send(request("escaped", SEARCH_KEY, "gpt-99-ultra", "hello", null, null).replace(SEARCH_KEY, escaped), START);
        send("{\"request_id\":\"bare\",\"tenant\":\"acme\",\"api_key\": " + SEARCH_KEY + "}", START);
        send("api_key=" + SEARCH_KEY, START);
        var avro = dev.switchboard.schemas.json.RequestJson.parse(request("avro", SEARCH_KEY, "gpt-99-ultra", "hello", null, null)
                .getBytes(StandardCharsets.UTF_8));
        requests.pipeInput("acme", serdes.requests().serializer().serialize(Topics.REQUESTS, avro), START);

        List<dev.switchboard.schemas.DeadLetter> letters = dlq.readValuesToList();
        assertThat(letters).hasSize(7);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.toString()).doesNotContain(partial).doesNotContain(escaped);
            assertThat(letter.getPayloadSha256()).hasSize(64);
            if (letter.getPayload() != null) {
                assertThat(new String(letter.getPayload().array(), StandardCharsets.UTF_8)).doesNotContain(partial).doesNotContain(escaped);
            }
        });
        assertThat(responses.readValuesToList()).hasSize(7).allSatisfy(r -> assertThat(r.toString()).doesNotContain(partial));
        assertThat(payloadText(letters.get(0))).contains("urgent").contains("[masked]");
        assertThat(payloadText(letters.get(3))).as("a \\u-escaped key is read, so it is masked").contains("gpt-99-ultra").contains("[masked]");
        assertThat(letters.get(5).getPayload()).as("bytes that do not read cannot be shown masked").isNull();
        assertThat(letters.get(5).getPayloadNote()).contains("left out");
        assertThat(payloadText(letters.get(6))).contains("gpt-99-ultra").contains("*".repeat(SEARCH_KEY.length()));
    }

    @Test
    void shouldRefuseAnAbsurdTenantNameAtIntakeBeforeAnythingCountsIt() {
        List<String> heard = new ArrayList<>();
        driver.close();
        driver = new TopologyTestDriver(RouterTopology.build(config, CATALOG, serdes, Optional.empty(), Optional.empty(),
                new RouterListeners(dev.switchboard.router.route.RouteListener.NONE, (tenant, code) -> heard.add(tenant),
                        dev.switchboard.router.governance.GovernanceListener.NONE), Tier.STANDARD), props(), START);
        requests = driver.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer(), START, Duration.ZERO);
        responses = driver.createOutputTopic(Topics.RESPONSES, new StringDeserializer(), serdes.responses());
        String absurd = "t".repeat(100_000);

        send(request("huge-name", null, "auto", "hello", null, null).replace("\"acme\"", "\"" + absurd + "\""), START);
        send(request("tab-name", null, "auto", "hello", null, null).replace("\"acme\"", "\"ac\\tme\""), START);

        List<LlmResponse> answers = responses.readValuesToList();
        assertThat(answers).extracting(r -> r.getError().getCode()).containsExactly("invalid_request", "invalid_request");
        assertThat(answers.get(0).getError().getMessage()).isEqualTo("tenant has 100000 characters; the limit is 128");
        assertThat(answers.get(0).getTenant()).as("the answer quotes the name cut short").hasSizeLessThan(300);
        assertThat(heard).as("no metric hears a name intake refused").isEmpty();
    }

    private static String payloadText(dev.switchboard.schemas.DeadLetter letter) {
        return new String(letter.getPayload().array(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldRefuseAKeyOfAnotherTenant() {
        policies.pipeInput("globex", policy().setTenant("globex").build());

        send(request("g1", SEARCH_KEY, "auto", "hello", null, null).replace("\"acme\"", "\"globex\""), START);

        LlmResponse answer = responses.readValue();
        assertThat(answer.getStatus()).isEqualTo(ResponseStatus.REJECTED);
        assertThat(answer.getError().getCode()).as("the key's tenant wins over the body's; a mismatch has its own code")
                .isEqualTo(GovernanceCodes.KEY_TENANT_MISMATCH);
        assertThat(answer.getError().getMessage()).doesNotContain("acme").doesNotContain("search-ci").doesNotContain(SEARCH_KEY);
    }

    @Test
    void shouldRefuseARevokedKeyFromTheNextRequestOn() {
        policies.pipeInput("acme", policy().build());
        send(request("before", SEARCH_KEY, "auto", "hello", null, null), START);
        assertThat(large.readValuesToList()).hasSize(1);

        VirtualKey revoked = VirtualKey.newBuilder(key("search-ci", SEARCH_KEY, "acme", "search", List.of())).setRevoked(true).setConfigVersion(2).build();
        issue(revoked);
        send(request("after", SEARCH_KEY, "auto", "hello again", null, null), START.plusSeconds(1));

        LlmResponse answer = responses.readValue();
        assertThat(answer.getRequestId()).isEqualTo("after");
        assertThat(answer.getError().getCode()).isEqualTo(GovernanceCodes.KEY_REVOKED);
        assertThat(answer.getError().getMessage()).contains("search-ci");
        assertThat(large.isEmpty()).isTrue();
    }

    @Test
    void shouldSkipAnUnreadableConfigRecordAndKeepTheEntryInForce() {
        policies.pipeInput("acme", policy().build());
        TestInputTopic<String, byte[]> rawKeys = driver.createInputTopic(Topics.KEYS, new StringSerializer(), new ByteArraySerializer());
        TestInputTopic<String, byte[]> rawPolicies = driver.createInputTopic(Topics.POLICIES, new StringSerializer(), new ByteArraySerializer());
        rawKeys.pipeInput(VirtualKeyHash.sha256Hex(SEARCH_KEY), "{\"revoked\": true}".getBytes(StandardCharsets.UTF_8));
        rawPolicies.pipeInput("acme", new byte[] {0, 0, 0, 0, 42, 1, 2});

        send(request("still-keyed", SEARCH_KEY, "auto", "hello", null, null), START);
        send(request("still-required", null, "auto", "hello", null, null), START);

        assertThat(large.readValuesToList()).as("the key in force before the bad record still admits")
                .extracting(r -> r.getRequest().getRequestId()).containsExactly("still-keyed");
        assertThat(responses.readValue().getError().getCode()).as("the policy in force still requires a key").isEqualTo(GovernanceCodes.MISSING_KEY);
    }

    @Test
    void shouldRefuseAnExpiredKeyAndAModelOutsideTheKeysScope() {
        policies.pipeInput("acme", policy().build());
        issue(VirtualKey.newBuilder(key("old", "sk-sb-old-key-0123456789", "acme", null, List.of())).setExpiresAt(START.minusSeconds(1)).build());

        send(request("expired", "sk-sb-old-key-0123456789", "auto", "hello", null, null), START);
        send(request("large", SMALL_ONLY_KEY, "sim/large", "hello", null, null), START);
        send(request("auto", SMALL_ONLY_KEY, "auto", "hello", null, null), START);

        Map<String, LlmResponse> answers = byId(responses.readValuesToList());
        assertThat(answers.get("expired").getError().getCode()).isEqualTo(GovernanceCodes.KEY_EXPIRED);
        assertThat(answers.get("large").getError().getCode()).isEqualTo(GovernanceCodes.KEY_SCOPE);
        assertThat(answers).doesNotContainKey("auto");
        assertThat(small.readValuesToList()).as("auto stays within the key's models although the tenant's default is sim/large")
                .extracting(r -> r.getRequest().getRequestId()).containsExactly("auto");
    }

    @Test
    void shouldEnforceRequestsPerMinuteOverASlidingMinute() {
        policies.pipeInput("acme", policy().setRateLimits(List.of(new RateLimit(BudgetScope.KEY, null, 3, null))).build());

        sendInTime(request("a", SEARCH_KEY, "auto", "q a", null, null), START);
        sendInTime(request("b", SEARCH_KEY, "auto", "q b", null, null), START.plusSeconds(20));
        sendInTime(request("c", SEARCH_KEY, "auto", "q c", null, null), START.plusSeconds(40));
        sendInTime(request("d", SEARCH_KEY, "auto", "q d", null, null), START.plusSeconds(59));
        sendInTime(request("other-key", ADS_KEY, "auto", "q other", null, null), START.plusSeconds(59));
        sendInTime(request("e", SEARCH_KEY, "auto", "q e", null, null), START.plusSeconds(60));
        sendInTime(request("f", SEARCH_KEY, "auto", "q f", null, null), START.plusSeconds(61));

        Map<String, LlmResponse> refused = byId(responses.readValuesToList());
        assertThat(refused.keySet()).as("d is the fourth within a minute; e comes when a's second has slid out; f would be the fourth again")
                .containsExactlyInAnyOrder("d", "f");
        assertThat(refused.get("d").getError().getCode()).isEqualTo(GovernanceCodes.RATE_LIMITED);
        assertThat(refused.get("d").getError().getMessage()).contains("key search-ci").contains("limit is 3 per minute");
        assertThat(large.readValuesToList()).extracting(r -> r.getRequest().getRequestId()).containsExactly("a", "b", "c", "other-key", "e");
    }

    @Test
    void shouldEnforceTokensPerMinutePerTeam() {
        policies.pipeInput("acme", policy().setDefaultMaxTokens(100).setRateLimits(List.of(new RateLimit(BudgetScope.TEAM, "search", null, 250L))).build());

        send(request("a", SEARCH_KEY, "auto", "short", null, null), START);
        send(request("b", SEARCH_KEY, "auto", "short", null, 100), START.plusSeconds(1));
        send(request("c", SEARCH_KEY, "auto", "short", null, 100), START.plusSeconds(2));
        send(request("ads", ADS_KEY, "auto", "short", null, 100), START.plusSeconds(2));

        Map<String, LlmResponse> refused = byId(responses.readValuesToList());
        assertThat(refused.keySet()).containsExactly("c");
        assertThat(refused.get("c").getError().getMessage()).contains("team search").contains("250 per minute");
    }

    @Test
    void shouldStopARunawaySessionAtItsTokenCap() {
        policies.pipeInput("acme", policy().setMaxTokensPerSession(2_000L).setMaxTokensPerRequest(1_500L).build());
        StringBuilder history = new StringBuilder("Plan the next step.");
        int sent = 0;
        LlmResponse stop = null;
        for (int turn = 0; turn < 50 && stop == null; turn++) {
            send(request("loop-" + turn, SEARCH_KEY, "auto", history.toString(), "agent-7", 100), START.plusSeconds(turn));
            sent++;
            history.append(" Observation ").append(turn).append(": nothing changed, try again.");
            stop = responses.isEmpty() ? null : responses.readValue();
        }
        send(request("other-session", SEARCH_KEY, "auto", "Plan the next step.", "agent-8", 100), START.plusSeconds(60));
        send(request("huge", SEARCH_KEY, "auto", "word ".repeat(1_500), null, 100), START.plusSeconds(61));

        assertThat(stop).as("the loop is stopped").isNotNull();
        assertThat(stop.getError().getCode()).isEqualTo(GovernanceCodes.SESSION_TOKEN_CAP);
        assertThat(stop.getError().getMessage()).contains("agent-7").contains("2000 per session");
        assertThat(sent).isBetween(5, 30);
        Map<String, LlmResponse> later = byId(responses.readValuesToList());
        assertThat(later.keySet()).as("another session goes on; a single oversized request is refused on its own").containsExactly("huge");
        assertThat(later.get("huge").getError().getCode()).isEqualTo(GovernanceCodes.TOKEN_CAP);
    }

    @Test
    void shouldHoldAHardBudgetAgainstRequestsInFlightAndSettleWithTheRealCost() {
        // sim/large: output 1e-5 USD a token. 100 output tokens and a short prompt: a worst case of about 0.00105 USD.
        policies.pipeInput("acme", policy().setBudgets(List.of(budget(BudgetScope.TENANT, null, "0.005", null))).build());

        for (int i = 0; i < 10; i++) {
            send(request("race-" + i, SEARCH_KEY, "auto", "Question number " + i, null, 100), START.plusMillis(i));
        }
        List<RoutedRequest> routed = large.readValuesToList();
        Map<String, LlmResponse> refused = byId(responses.readValuesToList());
        assertThat(routed).hasSize(4);
        assertThat(refused).hasSize(6);
        assertThat(refused.values()).allSatisfy(answer -> {
            assertThat(answer.getError().getCode()).isEqualTo(GovernanceCodes.BUDGET_EXCEEDED);
            assertThat(answer.getError().getMessage()).contains("tenant acme's daily budget of 0.005 USD").contains("could cost up to");
        });

        // Two answers come back far cheaper than their worst case: their reservations are released, room opens up.
        routed.subList(0, 2).forEach(r -> answer(r, "0.0001"));
        send(request("after-settle", SEARCH_KEY, "auto", "One more", null, 100), START.plusSeconds(1));
        assertThat(large.readValuesToList()).extracting(r -> r.getRequest().getRequestId()).containsExactly("after-settle");
    }

    @Test
    void shouldStopATeamAtItsBudgetWhileTheTenantsOtherTeamsGoOn() {
        policies.pipeInput("acme", policy().setBudgets(List.of(
                budget(BudgetScope.TENANT, null, "1.00", null),
                budget(BudgetScope.TEAM, "search", "0.003", null))).build());

        for (int i = 0; i < 5; i++) {
            send(request("search-" + i, SEARCH_KEY, "auto", "Search question " + i, null, 100), START.plusMillis(i));
            send(request("ads-" + i, ADS_KEY, "auto", "Ads question " + i, null, 100), START.plusMillis(i));
        }

        Map<String, LlmResponse> refused = byId(responses.readValuesToList());
        assertThat(refused.keySet()).allMatch(id -> id.startsWith("search-")).hasSize(3);
        assertThat(refused.values()).allSatisfy(a -> assertThat(a.getError().getMessage()).contains("team search's daily budget"));
        assertThat(large.readValuesToList()).extracting(r -> r.getRequest().getRequestId())
                .filteredOn(id -> id.startsWith("ads-")).hasSize(5);
    }

    @Test
    void shouldCountTheAggregatorsSpendWhenItIsAheadOfTheAnswers() {
        policies.pipeInput("acme", policy().setBudgets(List.of(budget(BudgetScope.TENANT, null, "0.010", null))).build());
        spend.pipeInput("acme", new SpendUpdate("acme", BudgetScope.TENANT, "acme", BudgetPeriod.DAY, Instant.parse("2026-11-25T00:00:00Z"),
                Money.of("0.0095"), 3L, START));

        send(request("one", SEARCH_KEY, "auto", "hello", null, 100), START);

        assertThat(responses.readValue().getError().getMessage()).contains("spent 0.0095 USD");
        assertThat(large.isEmpty()).isTrue();
    }

    @Test
    void shouldDowngradePastASoftLimitAndReleaseRepeatsOfARefusedRequest() {
        policies.pipeInput("acme", policy().setDowngradeModel("sim/small")
                .setBudgets(List.of(budget(BudgetScope.TENANT, null, "0.0015", "0.0010"))).build());

        send(request("first", SEARCH_KEY, "auto", "hello", null, 100), START);
        send(request("second", SEARCH_KEY, "auto", "hello there", null, 100), START.plusMillis(1));

        assertThat(large.readValuesToList()).extracting(r -> r.getRequest().getRequestId()).containsExactly("first");
        RoutedRequest downgraded = small.readValue();
        assertThat(downgraded.getRequest().getRequestId()).isEqualTo("second");
        assertThat(downgraded.getRoute().getReason()).contains("soft limit").contains("downgraded from sim/large to sim/small");

        // Exhaust the hard limit, then resend the refused id: the repeat gets the same refusal, not a second chance to spend.
        for (int i = 0; i < 20; i++) {
            send(request("fill-" + i, SEARCH_KEY, "auto", "filler " + i, null, 100), START.plusMillis(2 + i));
        }
        LlmResponse refusal = responses.readValuesToList().get(0);
        send(request(refusal.getRequestId(), SEARCH_KEY, "auto", "filler again", null, 100), START.plusSeconds(5));
        LlmResponse repeat = responses.readValue();
        assertThat(repeat.getRequestId()).isEqualTo(refusal.getRequestId());
        assertThat(repeat.getError().getCode()).isEqualTo(GovernanceCodes.BUDGET_EXCEEDED);
    }

    private void answer(RoutedRequest routed, String cost) {
        LlmResponse answer = Responses.base(routed.getRequest().getRequestId(), "acme", ResponseStatus.OK, START)
                .setModel(routed.getModel()).setContent("ok").setUsage(new Usage(10, 5, 0, 0)).setCost(Money.of(cost)).build();
        cacheFill.pipeInput("acme", new CacheFill("acme", routed.getRequest().getRequestId(), routed.getCacheKey(), null, answer, routed.getSemantic()));
        exchangeLeases();
    }

    private void issue(VirtualKey key) {
        keys.pipeInput(key.getKeySha256(), key);
    }

    private static VirtualKey key(String id, String secret, String tenant, String team, List<String> models) {
        return VirtualKey.newBuilder().setKeyId(id).setKeySha256(VirtualKeyHash.sha256Hex(secret)).setTenant(tenant).setTeam(team)
                .setProject(null).setUser(null).setAllowedModels(new ArrayList<>(models)).setAllowedTiers(new ArrayList<>())
                .setExpiresAt(null).setRevoked(false).setConfigVersion(1).build();
    }

    private static GovernancePolicy.Builder policy() {
        return GovernancePolicy.newBuilder().setTenant("acme").setRequireKey(true).setBudgets(new ArrayList<>()).setRateLimits(new ArrayList<>())
                .setDowngradeModel(null).setMaxTokensPerRequest(null).setMaxTokensPerSession(null).setDefaultMaxTokens(1024).setConfigVersion(1);
    }

    private static Budget budget(BudgetScope scope, String id, String hard, String soft) {
        return new Budget(scope, id, BudgetPeriod.DAY, hard == null ? null : Money.of(hard), soft == null ? null : Money.of(soft));
    }

    /**
     * As {@link #send}, with the lane's clock moved to the request's time first and on by a second after it: the lane
     * reports what it used to the ledger on that clock, so the ledger's minute slides as the requests' does.
     */
    private void sendInTime(String json, Instant at) {
        Duration behind = Duration.between(START.plus(ticked), at);
        if (!behind.isNegative()) {
            tick(behind);
        }
        send(json, at);
        tick(Duration.ofSeconds(1));
    }

    private Duration ticked = Duration.ZERO;

    private void tick(Duration by) {
        driver.advanceWallClockTime(by);
        ticked = ticked.plus(by);
        exchangeLeases();
    }

    private void send(String json, Instant at) {
        requests.pipeInput("acme", json.getBytes(StandardCharsets.UTF_8), at);
        exchangeLeases();
    }

    private static String request(String id, String apiKey, String model, String question, String session, Integer maxTokens) {
        return "{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"" + model + "\""
                + (apiKey == null ? "" : ",\"api_key\":\"" + apiKey + "\"")
                + (session == null ? "" : ",\"session_id\":\"" + session + "\"")
                + (maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens)
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    }

    private static Map<String, LlmResponse> byId(List<LlmResponse> answers) {
        Map<String, LlmResponse> byId = new java.util.LinkedHashMap<>();
        answers.forEach(a -> byId.put(a.getRequestId(), a));
        return byId;
    }
}
