package dev.switchboard.worker;

import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.CallResult;
import java.util.ArrayList;
import java.util.List;

/** The fallback chain: why a model failed, and the hand-over of the request to the next model when the provider was at fault. */
final class FallbackChain {
    private FallbackChain() {
    }

    /** The reasons the earlier models failed, with this call's added. */
    static List<String> errorsWith(RoutedRequest routed, ProviderResult.Failure failure, CallResult call) {
        List<String> errors = new ArrayList<>(routed.getAttemptErrors());
        errors.add(routed.getModel() + " via " + failure.provider() + ": " + failure.kind().code() + ": " + failure.message()
                + (call.attempts().size() > 1 ? " (after " + call.attempts().size() + " tries)" : ""));
        return errors;
    }

    /** A next model is tried only when the provider is the problem, not the request, and the chain has one left. */
    static boolean fallsOver(RoutedRequest routed, ProviderResult.Failure failure) {
        return failure.kind().fallsOver() && !routed.getFallbackModels().isEmpty();
    }

    /** The request goes to the next model of its chain, carrying why the earlier ones failed. */
    static RoutedRequest next(RoutedRequest routed, List<String> errors) {
        List<String> remaining = new ArrayList<>(routed.getFallbackModels());
        String nextModel = remaining.remove(0);
        RouteFacts facts = routed.getRoute();
        List<String> tried = new ArrayList<>(facts.getModelsTried());
        tried.add(nextModel);
        RouteFacts nextFacts = new RouteFacts(facts.getRequestedModel(), facts.getStrategy(),
                facts.getReason() + "; fell over from " + routed.getModel(), facts.getTier(), facts.getAttempt() + 1, tried);
        return RoutedRequest.newBuilder(routed)
                .setModel(nextModel)
                .setRoute(nextFacts)
                .setFallbackModels(remaining)
                .setAttemptErrors(errors)
                .build();
    }
}
