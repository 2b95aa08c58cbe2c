package dev.switchboard.cost;

import static dev.switchboard.cost.UsageEvents.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cost.budget.SpendView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-tenants chart's answer, from the real topology's stores, for every window size. */
class EveryTenantSeriesTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:17:30Z");

    @TempDir
    Path stateDir;

    private CostDriver cost;
    private CostApi api;

    @BeforeEach
    void setUp() {
        cost = new CostDriver("every-tenant-series-test", stateDir, T0);
        api = new CostApi(cost.windows, SpendView.NONE, Clock.fixed(T0.plus(Duration.ofMinutes(3)), ZoneOffset.UTC));
        cost.pipe(call("acme", "m/x", "0.000000000002", "0", T0, null, null, null, null));
        cost.pipe(call("globex", "m/x", "0.000000000001", "0", T0, null, null, null, null));
    }

    @AfterEach
    void tearDown() {
        cost.close();
    }

    @Test
    void shouldShowEveryTenantInMinuteBucketsAlthoughTheirDayWindowStartedBeforeTheHour() {
        JsonNode minutes = api.allTenants(Map.of("size", "1m"));

        assertThat(minutes.get("series")).extracting(s -> s.get("name").asText()).containsExactly("acme", "globex");
        JsonNode acme = minutes.get("series").get(0);
        int bucket = indexOf(minutes, "2025-03-01T10:17:00Z");
        assertThat(acme.get("cost").get(bucket).asText()).isEqualTo("0.000000000002");
        assertThat(acme.get("calls").get(bucket).asLong()).isEqualTo(1);
    }

    @Test
    void shouldShowEveryTenantInHourAndDayBuckets() {
        for (String size : new String[] {"1h", "1d"}) {
            JsonNode series = api.allTenants(Map.of("size", size));

            assertThat(series.get("series")).as(size).extracting(s -> s.get("total").get("cost").asText())
                    .containsExactly("0.000000000002", "0.000000000001");
        }
    }

    private static int indexOf(JsonNode series, String bucketStart) {
        for (int i = 0; i < series.get("buckets").size(); i++) {
            if (series.get("buckets").get(i).asText().equals(bucketStart)) {
                return i;
            }
        }
        throw new AssertionError(bucketStart + " is not a bucket of " + series);
    }
}
