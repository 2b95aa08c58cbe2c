package dev.switchboard.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.schemas.Tier;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {
    @Test
    void shouldCycleTiersInProportionToTheirWeights() {
        Map<Tier, Integer> mix = BenchSettings.parseTierMix("interactive:1, standard:3,batch:1");
        assertThat(BenchRunner.tierCycle(mix)).containsExactly(Tier.INTERACTIVE, Tier.STANDARD, Tier.BATCH, Tier.STANDARD, Tier.STANDARD);
        assertThat(BenchSettings.parseTierMix("standard")).containsExactly(Map.entry(Tier.STANDARD, 1));
    }

    @Test
    void shouldCountRequestsOfEachPhaseFromRateAndDuration() {
        BenchSettings settings = settings(200, 500);
        assertThat(settings.rateRequests()).isEqualTo(6000);
        assertThat(settings.warmUpRequests()).isEqualTo(600);
        assertThat(settings.probes()).isEqualTo(300);
        assertThat(settings.tierMixSpec()).isEqualTo("standard:1");
    }

    @Test
    void shouldRefuseARunThatSendsNothingOrAnUnknownTier() {
        assertThatThrownBy(() -> settings(0, 0)).hasMessageContaining("nothing to run");
        assertThatThrownBy(() -> BenchSettings.parseTier("urgent")).hasMessageContaining("unknown tier urgent");
    }

    private static BenchSettings settings(double rate, int flood) {
        return new BenchSettings(rate, Duration.ofSeconds(30), Duration.ofSeconds(3), Map.of(Tier.STANDARD, 1), false, flood, Tier.BATCH,
                Tier.INTERACTIVE, Duration.ofMillis(100), true, BenchSettings.RelayConsumer.SHARE, Duration.ofSeconds(60),
                BenchSettings.DEFAULT_MODEL, BenchSettings.DEFAULT_TENANT, 64, BenchSettings.FrontDoor.TIER_TOPICS);
    }
}
