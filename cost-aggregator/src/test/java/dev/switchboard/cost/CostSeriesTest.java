package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.WindowedCost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostSeriesTest {
    private static final Instant TO = Instant.parse("2025-03-01T12:34:56Z");

    @Test
    void shouldEndBucketsWithTheWindowContainingTo() {
        Buckets hours = Buckets.ending("1h", Duration.ofHours(1), TO, 3);

        assertThat(hours.starts()).containsExactly(Instant.parse("2025-03-01T10:00:00Z"),
                Instant.parse("2025-03-01T11:00:00Z"), Instant.parse("2025-03-01T12:00:00Z"));
        assertThat(hours.end()).isEqualTo(Instant.parse("2025-03-01T13:00:00Z"));
        assertThat(hours.indexOf(Instant.parse("2025-03-01T11:00:00Z"))).isEqualTo(1);
        assertThat(hours.indexOf(Instant.parse("2025-03-01T11:30:00Z"))).isEqualTo(-1);
        assertThat(hours.indexOf(Instant.parse("2025-03-01T13:00:00Z"))).isEqualTo(-1);
        assertThat(Buckets.ending("1d", Duration.ofDays(1), TO, 1).first()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(Buckets.defaultCount(Duration.ofMinutes(1))).isEqualTo(60);
        assertThat(Buckets.defaultCount(Duration.ofHours(1))).isEqualTo(24);
        assertThat(Buckets.defaultCount(Duration.ofDays(1))).isEqualTo(30);
        assertThatThrownBy(() -> Buckets.ending("1h", Duration.ofHours(1), TO, 0)).hasMessageContaining("buckets");
    }

    @Test
    void shouldLayWindowsOnBucketsWithZerosAndExactTotalsMostExpensiveFirst() {
        Buckets buckets = Buckets.ending("1h", Duration.ofHours(1), TO, 3);
        List<WindowedCost> windows = List.of(
                model("cheap", "2025-03-01T10:00:00Z", "0.000000000001", 1),
                model("dear", "2025-03-01T10:00:00Z", "0.300000000000", 1),
                model("cheap", "2025-03-01T12:00:00Z", "0.000000000002", 2),
                model("cheap", "2025-03-01T09:00:00Z", "5.000000000000", 9)); // before the first bucket: left out

        List<CostSeries> series = CostSeries.of(windows, CostDimension.MODEL, buckets);

        assertThat(series).extracting(CostSeries::name).containsExactly("dear", "cheap");
        CostSeries cheap = series.get(1);
        assertThat(cheap.buckets()).extracting(w -> w.getCost().toPlainString())
                .containsExactly("0.000000000001", "0.000000000000", "0.000000000002");
        assertThat(cheap.buckets()).extracting(WindowedCost::getModel).containsOnly("cheap");
        assertThat(cheap.total().getCost()).isEqualTo(Money.of("0.000000000003"));
        assertThat(cheap.total().getCalls()).isEqualTo(3);
        assertThat(CostSeries.total("acme", windows, buckets).getCost()).isEqualTo(Money.of("0.300000000003"));
    }

    private static WindowedCost model(String model, String start, String cost, long calls) {
        Instant at = Instant.parse(start);
        return WindowedCost.newBuilder(CostSum.empty("1h")).setTenant("acme").setModel(model)
                .setWindowStart(at).setWindowEnd(at.plusSeconds(3600)).setCost(Money.of(cost)).setCalls(calls).build();
    }
}
