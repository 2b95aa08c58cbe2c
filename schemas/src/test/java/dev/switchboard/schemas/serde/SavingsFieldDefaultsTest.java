package dev.switchboard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The savings fields added to usage events and windows take their defaults for producers that do not set them. */
class SavingsFieldDefaultsTest {
    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://savings-defaults-" + UUID.randomUUID());

    @Test
    void shouldDefaultRequestedModelAndBatchSavedOnAUsageEventBuiltWithoutThem() {
        UsageEvent event = UsageEvent.newBuilder()
                .setEventId("r1:cache").setRequestId("r1").setTenant("acme").setAttribution(Attribution.newBuilder().build())
                .setModel("m/x").setProvider("cache").setTier(Tier.STANDARD).setSuccess(true)
                .setUsage(new Usage(0, 0, 0, 0)).setCost(Money.ZERO).setOccurredAt(Instant.EPOCH)
                .build();

        UsageEvent read = serdes.usage().deserialize(Topics.USAGE, serdes.usage().serialize(Topics.USAGE, event));

        assertThat(read.getRequestedModel()).isNull();
        assertThat(read.getBatchSaved()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void shouldDefaultBaselineAndBatchSavingsOnAWindowBuiltWithoutThem() {
        WindowedCost window = WindowedCost.newBuilder().setTenant("acme").setWindow("1m")
                .setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH).build();

        assertThat(window.getBaselineSaved()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(window.getBatchSaved()).isEqualByComparingTo(BigDecimal.ZERO);
    }
}
