package dev.switchboard.router.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.route.RoutingDecider;
import dev.switchboard.router.route.RoutingRules;
import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.CacheControl;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TierReaderTest {
    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://tier-reader-test");
    private final TierReader reader = new TierReader(serdes.registry());

    @Test
    void shouldReadTenantAndTierOfAnAvroRequestAsTheFullReadDoes() {
        for (Tier tier : Tier.values()) {
            for (boolean explicit : new boolean[] {true, false}) {
                LlmRequest request = request("r-" + tier + explicit, "acme", tier, explicit, "a long prompt ".repeat(500));
                byte[] bytes = serdes.requests().serializer().serialize(Topics.REQUESTS, request);

                assertThat(reader.read(bytes)).contains(new TierReader.Found("acme", tier, explicit));
            }
        }
    }

    @Test
    void shouldStopReadingAvroOnceTheTierIsKnown() {
        byte[] whole = serdes.requests().serializer().serialize(Topics.REQUESTS, request("cut", "acme", Tier.BATCH, true, "hello"));
        // Everything after tier_explicit (cache, deadline, reply_to, metadata, submitted_at) is cut off: a full read
        // fails, the streaming read never gets there.
        byte[] cut = Arrays.copyOf(whole, whole.length - 4);
        assertThat(reader.read(cut)).contains(new TierReader.Found("acme", Tier.BATCH, true));
    }

    @Test
    void shouldReadTopLevelJsonFieldsOnlyAndStopOnceBothAreKnown() {
        assertThat(reader.read(json("{\"tenant\":\"acme\",\"tier\":\"interactive\",\"messages\":[")))
                .as("cut off after both fields: never read").contains(new TierReader.Found("acme", Tier.INTERACTIVE, true));
        assertThat(reader.read(json("{\"metadata\":{\"tenant\":\"mallory\",\"tier\":\"batch\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tier\":\"Batch\",\"tenant\":\"acme\"}")))
                .as("nested fields of the same names are skipped").contains(new TierReader.Found("acme", Tier.BATCH, true));
        assertThat(reader.read(json("  {\"tenant\":\"acme\",\"model\":\"sim/small\"}")))
                .as("no tier: standard, not the caller's choice").contains(new TierReader.Found("acme", Tier.STANDARD, false));
        assertThat(reader.read(json("{\"tenant\":\"acme\",\"tier\":null}"))).contains(new TierReader.Found("acme", Tier.STANDARD, false));
    }

    @Test
    void shouldLeaveWhatItCannotReadToTheLanesIntake() {
        assertThat(reader.read(json("{\"tenant\":42,\"tier\":\"batch\"}"))).as("a tenant that is not a string").isEmpty();
        assertThat(reader.read(json("{\"tenant\":\"acme\",\"tier\":\"urgent\"}"))).as("not a tier").isEmpty();
        assertThat(reader.read(json("{\"tenant\":\"acme\",\"tier\":7}"))).isEmpty();
        assertThat(reader.read(json("{\"tier\":\"batch\"}"))).as("no tenant").isEmpty();
        assertThat(reader.read(json("{\"tier\":\"batch\",\"ten"))).as("cut off before the tenant").isEmpty();
        assertThat(reader.read(json("not json"))).isEmpty();
        assertThat(reader.read(new byte[0])).isEmpty();
        assertThat(reader.read(null)).isEmpty();
        assertThat(reader.read(new byte[] {0, 0, 0})).as("an Avro header cut short").isEmpty();
        byte[] avro = serdes.requests().serializer().serialize(Topics.REQUESTS, request("x", "acme", Tier.BATCH, true, "hello"));
        assertThat(reader.read(Arrays.copyOf(avro, 12))).as("Avro cut off before the tier").isEmpty();
    }

    @Test
    void shouldApplyTheTenantsDefaultTierByTheRoutersOwnRule() {
        TenantPolicy nightly = new TenantPolicy(Set.of(), "sim/small", "sim/small", List.of(), Duration.ofHours(1), 0.0, 1.0,
                new RoutingRules(RoutingRules.Strategy.STATIC, List.of(), 0.8, 0.5, null, null, false, null, null, Tier.BATCH, null));
        for (Tier tier : Tier.values()) {
            for (boolean explicit : new boolean[] {true, false}) {
                LlmRequest request = request("d", "nightly", tier, explicit, "hi");
                TierReader.Found found = reader.read(serdes.requests().serializer().serialize(Topics.REQUESTS, request)).orElseThrow();
                assertThat(RoutingDecider.tier(found.tier(), found.explicit(), nightly)).isEqualTo(RoutingDecider.tier(request, nightly));
            }
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static LlmRequest request(String id, String tenant, Tier tier, boolean explicit, String prompt) {
        return LlmRequest.newBuilder()
                .setRequestId(id)
                .setTenant(tenant)
                .setAttribution(new Attribution("team", "project", "feature", null, null))
                .setMessages(List.of(new ChatMessage("user", prompt, null, null, new ArrayList<>())))
                .setParams(GenerationParams.newBuilder().setMaxTokens(16).build())
                .setModel("sim/small")
                .setTier(tier)
                .setTierExplicit(explicit)
                .setCache(CacheControl.newBuilder().setNoCache(true).build())
                .setMetadata(Map.of("k", "v"))
                .build();
    }
}
