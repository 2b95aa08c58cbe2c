package dev.switchboard.worker.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which provider serves each catalog model, and under what name the provider knows it. */
public final class Deployments {
    /** One model as deployed: the catalog id, the provider that serves it, the provider's name for it. */
    public record Deployment(String model, ChatProvider provider, String upstreamModel) {
    }

    private final Map<String, Deployment> byModel;

    public Deployments(List<Deployment> deployments) {
        this.byModel = deployments.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Deployment::model, d -> d));
    }

    public Optional<Deployment> find(String model) {
        return Optional.ofNullable(byModel.get(model));
    }

    public List<String> models() {
        return byModel.keySet().stream().sorted().toList();
    }
}
