package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodsTest {

    @Test
    void shouldStartDaysAndMonthsAtUtcMidnight() {
        Instant lastMilliOfFebruary2024 = Instant.parse("2024-02-29T23:59:59.999Z");

        assertThat(BudgetPeriods.start(BudgetPeriod.DAY, lastMilliOfFebruary2024)).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(BudgetPeriods.start(BudgetPeriod.MONTH, lastMilliOfFebruary2024)).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(BudgetPeriods.start(BudgetPeriod.DAY, lastMilliOfFebruary2024.plusMillis(1))).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(BudgetPeriods.start(BudgetPeriod.MONTH, lastMilliOfFebruary2024.plusMillis(1))).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    }

    @Test
    void shouldEndAPeriodWhereTheNextStarts() {
        Instant lastMilliOfFebruary2024 = Instant.parse("2024-02-29T23:59:59.999Z");

        assertThat(BudgetPeriods.end(BudgetPeriod.DAY, lastMilliOfFebruary2024)).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(BudgetPeriods.end(BudgetPeriod.MONTH, Instant.parse("2024-12-15T10:00:00Z"))).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void shouldCountABlankTeamAsNoTeamAndApplyAnUnnamedBudgetToEachMember() {
        Attribution blankTeam = Attribution.newBuilder().setTeam(" ").setProject("atlas").setKeyId(null).setFeature(null).setUser(null).build();

        assertThat(BudgetScopes.memberOf(BudgetScope.TENANT, "acme", null)).contains("acme");
        assertThat(BudgetScopes.memberOf(BudgetScope.TEAM, "acme", blankTeam)).isEmpty();
        assertThat(BudgetScopes.memberOf(BudgetScope.PROJECT, "acme", blankTeam)).contains("atlas");
        assertThat(BudgetScopes.memberOf(BudgetScope.KEY, "acme", blankTeam)).isEmpty();
        assertThat(BudgetScopes.applies(null, "search")).isTrue();
        assertThat(BudgetScopes.applies("search", "search")).isTrue();
        assertThat(BudgetScopes.applies("ads", "search")).isFalse();
    }
}
