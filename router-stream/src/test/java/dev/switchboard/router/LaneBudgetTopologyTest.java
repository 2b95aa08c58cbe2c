package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.governance.GovernanceCodes;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two lanes of one tenant share its hard budget through the one ledger: together they never hold more than it. */
class LaneBudgetTopologyTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://lane-budget-test");

    @TempDir
    Path stateDir;
    private LanesWithLedger lanes;

    @BeforeEach
    void start() {
        lanes = new LanesWithLedger(serdes, stateDir, List.of(Tier.INTERACTIVE, Tier.BATCH), START);
        lanes.apply(GovernancePolicy.newBuilder().setTenant("acme").setRequireKey(false).setRateLimits(new ArrayList<>())
                .setDowngradeModel(null).setMaxTokensPerRequest(null).setMaxTokensPerSession(null).setDefaultMaxTokens(1024).setConfigVersion(1)
                .setBudgets(new ArrayList<>(List.of(new Budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, Money.of("0.005"), null)))).build());
    }

    @AfterEach
    void close() {
        lanes.close();
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
        lanes.tick(Tier.INTERACTIVE, Duration.ofSeconds(2));
        send(Tier.BATCH, "after-return");

        assertThat(routed(Tier.BATCH)).extracting(r -> r.getRequest().getRequestId()).containsExactly("after-return");
    }

    @Test
    void shouldLetIdenticalRequestsArrivingDuringTheLedgerRoundTripWaitForTheFirst() {
        // Both arrive before the ledger's grant: the second must find the first leading, not call the provider too.
        pipe(Tier.INTERACTIVE, "first", "What is a tumbling window?");
        pipe(Tier.INTERACTIVE, "second", "What is a tumbling window?");
        lanes.exchange();

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
        lanes.exchange();
        lanes.tick(Tier.INTERACTIVE, Duration.ofSeconds(11));

        assertThat(refusals(Tier.INTERACTIVE)).extracting(LlmResponse::getRequestId, r -> r.getError().getCode())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("leader", GovernanceCodes.BUDGET_EXCEEDED),
                        org.assertj.core.groups.Tuple.tuple("waiter", GovernanceCodes.BUDGET_EXCEEDED));
    }

    private void pipe(Tier tier, String id, String question) {
        lanes.pipe(tier, id, question, null, START);
    }

    private void send(Tier tier, String id) {
        lanes.pipe(tier, id, "Question " + id, null, START);
        lanes.exchange();
    }

    private void answer(Tier tier, RoutedRequest routed, String cost) {
        LlmResponse answer = Responses.base(routed.getRequest().getRequestId(), "acme", ResponseStatus.OK, START)
                .setModel(routed.getModel()).setContent("ok").setUsage(new Usage(10, 5, 0, 0)).setCost(Money.of(cost)).build();
        lanes.lane(tier).createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer())
                .pipeInput("acme", new CacheFill("acme", routed.getRequest().getRequestId(), routed.getCacheKey(), null, answer, routed.getSemantic()));
    }

    private List<RoutedRequest> routed(Tier lane) {
        return lanes.routed(lane);
    }

    private List<LlmResponse> refusals(Tier lane) {
        return lanes.answered(lane);
    }
}
