package dev.switchboard.router.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.json.RequestJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingDeciderTest {
    private static final ModelCatalog CATALOG = ModelCatalog.loadDefault();
    private static final List<String> SERVED = List.of("sim/small", "sim/large", "sim/long");
    private static final Map<String, Map<String, Double>> QUALITY = Map.of(
            "sim/small", Map.of("general", 0.82, "code", 0.55, "math", 0.60),
            "sim/large", Map.of("general", 0.92, "code", 0.90, "math", 0.88),
            "sim/long", Map.of("general", 0.85));

    /** A decider and the tenant policy it routes for. */
    private record Setup(RoutingDecider decider, TenantPolicy policy) {
    }

    private static Setup with(RoutingRules rules, Optional<ComplexityScorer> scorer) {
        TenantPolicy policy = new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), 0, 1, rules);
        RouterConfig config = new RouterConfig(SERVED, Duration.ofHours(24), Duration.ofMinutes(2), 10_000_000, policy, Map.of(), QUALITY);
        return new Setup(new RoutingDecider(config, CATALOG, scorer), policy);
    }

    private static LlmRequest ask(String model, String question) {
        return RequestJson.parse(("{\"request_id\":\"r\",\"tenant\":\"t\",\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(question) + "}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static RouteDecision decide(Setup setup, String model, String question) {
        return setup.decider().decide(ask(model, question), setup.policy());
    }

    private static final RoutingRules COST = new RoutingRules(RoutingRules.Strategy.COST, List.of("sim/small", "sim/large"), 0.8, 0.5,
            null, null, false);

    @Test
    void shouldPickTheCheapestModelGoodEnoughForTheTask() {
        Setup decider = with(COST, Optional.empty());

        assertThat(decide(decider, "auto", "Who wrote Hamlet?").model()).isEqualTo("sim/small");
        RouteDecision code = decide(decider, "auto", "Fix this Java method: public static int f() { return 1 }");
        assertThat(code.model()).as("the small model's code quality is below the bar").isEqualTo("sim/large");
        assertThat(code.reason()).contains("code");
    }

    @Test
    void shouldKeepAnExplicitlyRequestedModel() {
        assertThat(decide(with(COST, Optional.empty()), "sim/large", "Who wrote Hamlet?").model()).isEqualTo("sim/large");
    }

    @Test
    void shouldApplyDomainRules() {
        RoutingRules rules = new RoutingRules(RoutingRules.Strategy.STATIC, List.of("sim/small", "sim/large"), 0.8, 0.5, "sim/large", "sim/long", false);
        Setup decider = with(rules, Optional.empty());

        assertThat(decide(decider, "auto", "Write a Python function that reverses a list").model()).isEqualTo("sim/large");
        RouteDecision longPrompt = decide(decider, "auto", "x".repeat(600_000));
        assertThat(longPrompt.model()).isEqualTo("sim/long");
        assertThat(longPrompt.reason()).contains("context window");
    }

    @Test
    void shouldSendTheHardestShareToTheStrongModel() {
        ComplexityScorer lengthScorer = new ComplexityScorer() {
            @Override
            public double strongNeed(String prompt) {
                return Math.min(1, prompt.length() / 100.0);
            }

            @Override
            public double thresholdForStrongShare(double share) {
                return 1 - share;
            }
        };
        RoutingRules rules = new RoutingRules(RoutingRules.Strategy.COMPLEXITY, List.of("sim/small", "sim/large"), 0, 0.3, null, null, false);
        Setup decider = with(rules, Optional.of(lengthScorer));

        assertThat(decide(decider, "auto", "Short?").model()).isEqualTo("sim/small");
        RouteDecision hard = decide(decider, "auto", "y".repeat(90));
        assertThat(hard.model()).isEqualTo("sim/large");
        assertThat(hard.strategy()).isEqualTo("complexity");
    }

    @Test
    void shouldNameTheStrongerModelForACascade() {
        RoutingRules rules = new RoutingRules(RoutingRules.Strategy.COST, List.of("sim/small", "sim/large"), 0.8, 0.5, null, null, true);

        RouteDecision decision = decide(with(rules, Optional.empty()), "auto", "Who wrote Hamlet?");

        assertThat(decision.model()).isEqualTo("sim/small");
        assertThat(decision.escalateTo()).isEqualTo("sim/large");
        assertThat(decide(with(rules, Optional.empty()), "auto", "Fix this Java code: class A {}").escalateTo()).isNull();
    }

    @Test
    void shouldSendImagesToTheMultimodalModelAndKeepWithinTheCostCap() {
        RoutingRules rules = new RoutingRules(RoutingRules.Strategy.COST, List.of("sim/small", "sim/large"), 0.9, 0.5, null, null, false,
                "sim/long", new java.math.BigDecimal("0.00001"), dev.switchboard.schemas.Tier.BATCH, null);
        Setup decider = with(rules, Optional.empty());

        RouteDecision capped = decide(decider, "auto", "Who wrote Hamlet?");
        assertThat(capped.model()).as("sim/large would reach the bar but costs more than the cap").isEqualTo("sim/small");
        LlmRequest withImage = RequestJson.parse(("{\"request_id\":\"r\",\"tenant\":\"t\",\"model\":\"auto\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(decider.decider().decide(withImage, decider.policy()).model()).isEqualTo("sim/long");
        assertThat(RoutingDecider.tier(withImage, decider.policy())).as("the tenant's default tier").isEqualTo(dev.switchboard.schemas.Tier.BATCH);
        LlmRequest chosenTier = RequestJson.parse("{\"request_id\":\"r\",\"tenant\":\"t\",\"tier\":\"interactive\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(RoutingDecider.tier(chosenTier, decider.policy())).isEqualTo(dev.switchboard.schemas.Tier.INTERACTIVE);
    }
}
