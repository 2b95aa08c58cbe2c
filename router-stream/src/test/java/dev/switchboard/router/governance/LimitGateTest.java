package dev.switchboard.router.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseKind;
import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RateLimit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitGateTest {
    private static final LlmRequest REQUEST = LlmRequest.newBuilder().setRequestId("r1").setTenant("acme").setSessionId("agent-7")
            .setAttribution(new Attribution("search", null, null, null, "search-ci"))
            .setMessages(List.of(new ChatMessage("user", "hello", null, null, new ArrayList<>())))
            .setParams(GenerationParams.newBuilder().setMaxTokens(100).build()).setModel("auto").build();

    @Test
    void shouldTakeOnePermitPerLimitAndMeasureAndTheTighterOfTwoLimitsOnOneKey() {
        GovernancePolicy policy = policy(List.of(new RateLimit(BudgetScope.KEY, null, 60, 10_000L), new RateLimit(BudgetScope.KEY, null, 30, null),
                new RateLimit(BudgetScope.TEAM, "search", null, 5_000L), new RateLimit(BudgetScope.TEAM, "ads", 1, null)), 2_000L);

        List<Permit> permits = LimitGate.permits(REQUEST, policy, 110);

        assertThat(permits).extracting(Permit::kind, Permit::limit, Permit::amount, Permit::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Permit.Kind.REQUESTS_PER_MINUTE, 30L, 1L, "key search-ci"),
                org.assertj.core.groups.Tuple.tuple(Permit.Kind.TOKENS_PER_MINUTE, 10_000L, 110L, "key search-ci"),
                org.assertj.core.groups.Tuple.tuple(Permit.Kind.TOKENS_PER_MINUTE, 5_000L, 110L, "team search"),
                org.assertj.core.groups.Tuple.tuple(Permit.Kind.SESSION_TOKENS, 2_000L, 110L, "session agent-7"));
        assertThat(permits).extracting(p -> LimitGate.kindOf(p.ledgerKey()))
                .containsExactly(LeaseKind.RATE, LeaseKind.RATE, LeaseKind.RATE, LeaseKind.SESSION);
        assertThat(LimitGate.permits(REQUEST, policy(List.of(), null), 110)).as("no limits: the ledger is never asked").isEmpty();
    }

    @Test
    void shouldRefuseWithTheLedgersCountOnlyWhenTheLimitCouldNotSpareWhatIsLacking() {
        Permit rpm = new Permit(Permit.Kind.REQUESTS_PER_MINUTE, "k-rpm", 3, 1, "key search-ci");
        LimitGate.Short shortOf = new LimitGate.Short(List.of(rpm), Map.of(rpm, 1L));
        LeaseGrant denied = grant("k-rpm", 0, 2, 1, 0);
        LeaseGrant lent = grant("k-rpm", 1, 2, 1, 0);
        LeaseGrant other = grant("k-other", 0, 0, 0, 0);

        Rejection refusal = LimitGate.refusedBy(denied, shortOf).orElseThrow();
        assertThat(refusal.code()).isEqualTo(GovernanceCodes.RATE_LIMITED);
        assertThat(refusal.message()).isEqualTo("key search-ci: 3 requests in the last minute; the limit is 3 per minute");
        assertThat(LimitGate.refusedBy(grant("k-rpm", 1, 1, 1, 1), shortOf)).as("room was lent: ask again, not refused").isEmpty();
        assertThat(LimitGate.refusedBy(other, shortOf)).isEmpty();
        assertThat(lent.lines()).hasSize(1);
    }

    @Test
    void shouldSayWhatEachLimitCountedWhenItRefuses() {
        assertThat(new Permit(Permit.Kind.TOKENS_PER_MINUTE, "k", 250, 110, "team search").refusal(220).message())
                .isEqualTo("team search: 220 tokens in the last minute and 110 requested; the limit is 250 per minute");
        Rejection session = new Permit(Permit.Kind.SESSION_TOKENS, "k", 2_000, 300, "session agent-7").refusal(1_800);
        assertThat(session.code()).isEqualTo(GovernanceCodes.SESSION_TOKEN_CAP);
        assertThat(session.message()).isEqualTo("session agent-7 has used 1800 tokens and this request asks for 300; the cap is 2000 per session");
    }

    private static LeaseGrant grant(String key, long granted, long spent, long lent, long available) {
        return new LeaseGrant("standard/limits", 1, "acme", List.of(new LeaseGrant.Line(key, 0, BigDecimal.valueOf(granted), BigDecimal.valueOf(spent),
                BigDecimal.valueOf(lent), BigDecimal.valueOf(available))));
    }

    private static GovernancePolicy policy(List<RateLimit> limits, Long sessionCap) {
        return GovernancePolicy.newBuilder().setTenant("acme").setRequireKey(false).setBudgets(new ArrayList<>()).setRateLimits(new ArrayList<>(limits))
                .setDowngradeModel(null).setMaxTokensPerRequest(null).setMaxTokensPerSession(sessionCap).setDefaultMaxTokens(1024).setConfigVersion(1).build();
    }
}
