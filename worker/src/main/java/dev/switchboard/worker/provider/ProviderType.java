package dev.switchboard.worker.provider;

import dev.switchboard.worker.provider.anthropic.AnthropicProvider;
import dev.switchboard.worker.provider.gemini.GeminiProvider;
import dev.switchboard.worker.provider.openai.AzureOpenAiProvider;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The provider registry: every API the worker speaks, by the type name a config gives it, with the adapter that
 * speaks it. Adding a provider is one constant here; config validation reads the valid names from {@link #ids()}.
 */
public enum ProviderType {
    /** OpenAI and every OpenAI-compatible server: vLLM, Ollama, Groq, Together, OpenRouter. */
    OPENAI("openai", spec -> new OpenAiCompatibleProvider(spec.name(), spec.baseUri(), spec.apiKey(), spec.connectTimeout())),
    /** Azure OpenAI: models map to deployment names. */
    AZURE("azure", spec -> new AzureOpenAiProvider(spec.name(), spec.baseUri(), spec.apiVersion(), spec.requiredKey(), spec.connectTimeout())),
    ANTHROPIC("anthropic", spec -> new AnthropicProvider(spec.name(), spec.baseUri(), spec.requiredKey(), spec.connectTimeout())),
    GEMINI("gemini", spec -> new GeminiProvider(spec.name(), spec.baseUri(), spec.requiredKey(), spec.connectTimeout()));

    private final String id;
    private final Function<ProviderSpec, ChatProvider> adapter;

    ProviderType(String id, Function<ProviderSpec, ChatProvider> adapter) {
        this.id = id;
        this.adapter = adapter;
    }

    /** The name a config uses for this API. */
    public String id() {
        return id;
    }

    /** Through {@link ProviderSpec#adapter()}, which holds its type. */
    ChatProvider create(ProviderSpec spec) {
        return adapter.apply(spec);
    }

    /** The type a config names, in any case. */
    public static Optional<ProviderType> of(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.id.equals(wanted)).findFirst();
    }

    /** Every type name a config may give, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(ProviderType::id).toList();
    }
}
