package dev.switchboard.launcher;

import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.launcher.config.SwitchboardConfig.ProviderSettings;
import dev.switchboard.worker.provider.ChatProvider;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.Deployments.Deployment;
import dev.switchboard.worker.provider.ProviderSpec;
import dev.switchboard.worker.provider.ProviderType;
import dev.switchboard.worker.provider.Secret;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the worker's model-to-provider table from the config, resolving each provider's key from env or file. */
final class ProviderDeployments {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ProviderDeployments() {
    }

    static Deployments simulated(URI simulatorBaseUri) {
        OpenAiCompatibleProvider simulator = new OpenAiCompatibleProvider("simulator", simulatorBaseUri, Optional.empty(), CONNECT_TIMEOUT);
        return new Deployments(SwitchboardConfig.SIMULATED_MODELS.stream().map(model -> new Deployment(model, simulator, model)).toList());
    }

    static Deployments configured(List<ProviderSettings> providers) {
        List<Deployment> deployments = new ArrayList<>();
        for (ProviderSettings settings : providers) {
            ChatProvider provider = adapter(settings);
            settings.models().forEach((model, upstream) -> deployments.add(new Deployment(model, provider, upstream)));
        }
        return new Deployments(deployments);
    }

    /** One adapter class per provider API, from the worker's registry; OpenAI-compatible servers share the OpenAI one. */
    private static ChatProvider adapter(ProviderSettings settings) {
        ProviderType type = ProviderType.of(settings.type()).orElseThrow();
        return new ProviderSpec(settings.name(), type, URI.create(settings.baseUrl()), apiKey(settings), settings.apiVersion(), CONNECT_TIMEOUT)
                .adapter();
    }

    /** A key that is configured but missing fails startup, naming where it was looked for, never its value. */
    private static Optional<Secret> apiKey(ProviderSettings settings) {
        if (settings.apiKeyEnv() != null) {
            String value = System.getenv(settings.apiKeyEnv());
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("provider " + settings.name() + ": environment variable " + settings.apiKeyEnv() + " is not set");
            }
            return Optional.of(Secret.of(value));
        }
        if (settings.apiKeyFile() != null) {
            try {
                return Optional.of(Secret.of(Files.readString(settings.apiKeyFile())));
            } catch (IOException e) {
                throw new UncheckedIOException("provider " + settings.name() + ": cannot read key file " + settings.apiKeyFile(), e);
            }
        }
        return Optional.empty();
    }
}
