package dev.switchboard.worker;

import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.CacheControl;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Routed requests as the router would write them, for worker tests. */
final class RoutedRequests {
    private RoutedRequests() {
    }

    static RoutedRequest of(String requestId, String tenant, String model, String question, Instant deadline) {
        LlmRequest request = LlmRequest.newBuilder()
                .setRequestId(requestId)
                .setTenant(tenant)
                .setAttribution(new Attribution("search", null, "answers", null, null))
                .setSessionId(null)
                .setMessages(new ArrayList<>(List.of(new ChatMessage("user", question, null, null, new java.util.ArrayList<>()))))
                .setParams(new GenerationParams(null, null, null, new ArrayList<>(), null))
                .setModel(model)
                .setTier(Tier.STANDARD)
                .setCache(new CacheControl(false, null, null, false))
                .setDeadline(deadline)
                .setReplyTo(null)
                .setMetadata(new HashMap<>())
                .setSubmittedAt(null)
                .build();
        return RoutedRequest.newBuilder()
                .setRequest(request)
                .setModel(model)
                .setTier(Tier.STANDARD)
                .setRoute(new RouteFacts(model, "static", "requested model", "standard", 1, new ArrayList<>(List.of(model))))
                .setCacheKey("key-" + requestId)
                .setBaselineModel("sim/large")
                .setFallbackModels(new ArrayList<>())
                .setReceivedAt(Instant.now())
                .setAttemptErrors(new ArrayList<>())
                .setEscalateTo(null).setJudgeModel(null).setPriorCost(dev.switchboard.schemas.Money.ZERO)
                .build();
    }
}
