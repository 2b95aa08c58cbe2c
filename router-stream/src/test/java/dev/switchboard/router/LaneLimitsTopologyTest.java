package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RateLimit;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @TempDir
    Path stateDir;
    private LanesWithLedger lanes;

    @BeforeEach
    void start() {
        lanes = new LanesWithLedger(serdes, stateDir, TIERS, START);
    }

    @AfterEach
    void close() {
        lanes.close();
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
        assertThat(lanes.carried).filteredOn(m -> m instanceof LeaseAsk).as("one ask lent room for the next fifteen").hasSize(1);
    }

    private void send(Tier tier, String id, String session, Instant at) {
        lanes.pipe(tier, id, "Question " + id.substring(id.length() - 2), session, at);
        lanes.exchange();
    }

    private void tick(Duration by) {
        lanes.tick(by);
    }

    private void apply(GovernancePolicy policy) {
        lanes.apply(policy);
    }

    private List<RoutedRequest> routedInEveryLane() {
        return lanes.routedInEveryLane();
    }

    private List<LlmResponse> refusedInEveryLane() {
        return lanes.answeredInEveryLane();
    }

    private static GovernancePolicy.Builder policy() {
        return GovernancePolicy.newBuilder().setTenant("acme").setRequireKey(false).setBudgets(new ArrayList<>()).setRateLimits(new ArrayList<>())
                .setDowngradeModel(null).setMaxTokensPerRequest(null).setMaxTokensPerSession(null).setDefaultMaxTokens(1024).setConfigVersion(1);
    }
}
