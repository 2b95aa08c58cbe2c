package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryTimeTest {
    private static final Instant FALLBACK = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void shouldParseIsoTimesAndFallBackWhenAbsent() {
        assertThat(QueryTime.parse("to", "2025-03-01T10:00:00Z", FALLBACK)).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(QueryTime.parse("to", null, FALLBACK)).isEqualTo(FALLBACK);
        assertThat(QueryTime.parse("to", " ", FALLBACK)).isEqualTo(FALLBACK);
    }

    @Test
    void shouldAcceptBothEndsOfTheRange() {
        assertThat(QueryTime.parse("at", "1970-01-01T00:00:00Z", FALLBACK)).isEqualTo(QueryTime.MIN);
        assertThat(QueryTime.parse("at", "9999-12-31T23:59:59.999Z", FALLBACK)).isEqualTo(QueryTime.MAX);
    }

    @Test
    void shouldRejectTimesOutsideTheRangeNamingTheParameter() {
        assertThatThrownBy(() -> QueryTime.parse("at", "+1000000000-12-31T23:59:59Z", FALLBACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at must lie between");
        assertThatThrownBy(() -> QueryTime.parse("from", "1969-12-31T23:59:59.999Z", FALLBACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
    }

    @Test
    void shouldRejectUnreadableTimesAsBadParameters() {
        assertThatThrownBy(() -> QueryTime.parse("to", "yesterday", FALLBACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to must be an ISO-8601 UTC time");
    }
}
