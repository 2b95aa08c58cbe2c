package dev.switchboard.router.route;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.governance.KeyScopes;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Picks the model (see {@link RoutingDecider}) and writes the request to its {@code llm.route.<model>.<tier>} topic (chosen by the sink). */
public final class RoutingProcessor implements Processor<String, AdmittedRequest, String, RoutedRequest> {
    private final RoutingDecider decider;
    private final Function<String, TenantPolicy> policies;
    private final RouteListener listener;
    private ProcessorContext<String, RoutedRequest> context;
    private KeyScopes keyScopes;

    public RoutingProcessor(RoutingDecider decider, Function<String, TenantPolicy> policies, RouteListener listener) {
        this.decider = decider;
        this.listener = listener;
        this.policies = policies;
    }

    @Override
    public void init(ProcessorContext<String, RoutedRequest> context) {
        this.context = context;
        this.keyScopes = new KeyScopes(context.getStateStore(KeyScopes.STORE));
    }

    @Override
    public void process(Record<String, AdmittedRequest> record) {
        LlmRequest request = record.value().request();
        // A key limited to some models keeps an auto request within them.
        TenantPolicy tenant = policies.apply(request.getTenant())
                .narrowedTo(keyScopes.allowedModels(request.getTenant(), request.getAttribution().getKeyId()));
        RouteDecision decision = decider.decide(request, tenant, record.value().finalTurnVector());
        Tier tier = RoutingDecider.tier(request, tenant);
        listener.routed(request.getTenant(), decision, tier);
        List<String> fallbacks = new ArrayList<>(tenant.fallbackModels());
        fallbacks.remove(decision.model());
        RoutedRequest routed = RoutedRequest.newBuilder()
                .setRequest(request)
                .setModel(decision.model())
                .setTier(tier)
                .setRoute(new RouteFacts(request.getModel(), decision.strategy(), decision.reason(),
                        tier.name().toLowerCase(Locale.ROOT), 1, new ArrayList<>(List.of(decision.model()))))
                .setCacheKey(record.value().cacheKey())
                .setBaselineModel(tenant.baselineModel())
                .setFallbackModels(fallbacks)
                .setReceivedAt(record.value().receivedAt())
                .setAttemptErrors(new ArrayList<>())
                .setEscalateTo(decision.escalateTo())
                .setJudgeModel(decision.escalateTo() == null ? null : tenant.routing().judgeModel())
                .setPriorCost(Money.ZERO)
                .setSemantic(record.value().semantic())
                .build();
        context.forward(record.withValue(routed));
    }
}
