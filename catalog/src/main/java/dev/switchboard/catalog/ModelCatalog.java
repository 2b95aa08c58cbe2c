package dev.switchboard.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Chat models and their per-token prices, read from tables in LiteLLM's
 * {@code model_prices_and_context_window.json} format. Immutable once built.
 */
public final class ModelCatalog {

    static final String LITELLM_RESOURCE = "litellm_model_prices_and_context_window.json";
    static final String SWITCHBOARD_RESOURCE = "switchboard_models.json";

    // BigDecimal for floats so "1.5e-07" stays exactly 1.5E-7; a double would make it 1.4999...e-07.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Map<String, ModelInfo> byId;
    /** "provider/key" spellings for keys without a slash; never shadows a real key. */
    private final Map<String, ModelInfo> byProviderAlias;

    private ModelCatalog(Map<String, ModelInfo> byId) {
        this.byId = Collections.unmodifiableMap(byId);
        Map<String, ModelInfo> aliases = new HashMap<>();
        for (ModelInfo m : byId.values()) {
            if (m.provider() != null && !m.provider().isEmpty() && m.id().indexOf('/') < 0) {
                String alias = m.provider() + "/" + m.id();
                if (!byId.containsKey(alias)) {
                    aliases.putIfAbsent(alias, m);
                }
            }
        }
        this.byProviderAlias = Collections.unmodifiableMap(aliases);
    }

    /** LiteLLM's table, then the project's own models (which win on a clash). */
    public static ModelCatalog loadDefault() {
        try (InputStream litellm = resource(LITELLM_RESOURCE);
                InputStream own = resource(SWITCHBOARD_RESOURCE)) {
            return fromLiteLlmJson(litellm, own);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads each source in order; an id in a later source replaces the same id from an earlier one. */
    public static ModelCatalog fromLiteLlmJson(InputStream... sources) {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        for (InputStream source : sources) {
            JsonNode root;
            try {
                root = MAPPER.readTree(source);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model price table", e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("model price table must be a JSON object");
            }
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                ModelInfo info = parse(e.getKey(), e.getValue());
                if (info != null) {
                    models.put(info.id(), info);
                }
            }
        }
        return new ModelCatalog(models);
    }

    public Optional<ModelInfo> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ModelInfo m = byId.get(id);
        return Optional.ofNullable(m != null ? m : byProviderAlias.get(id));
    }

    public boolean contains(String id) {
        return find(id).isPresent();
    }

    /** Each model once, under its table key (aliases are not repeated). */
    public Collection<ModelInfo> models() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    /** Returns null for anything that is not a priced chat model (metadata keys, embeddings, sample_spec...). */
    private static ModelInfo parse(String id, JsonNode node) {
        if (!node.isObject() || "sample_spec".equals(id)) {
            return null;
        }
        String mode = text(node, "mode");
        BigDecimal input = decimal(node, "input_cost_per_token");
        BigDecimal output = decimal(node, "output_cost_per_token");
        if (input == null || output == null || (mode != null && !"chat".equals(mode))) {
            return null;
        }
        Prices prices = new Prices(
                input,
                output,
                decimal(node, "cache_read_input_token_cost"),
                decimal(node, "input_cost_per_token_above_200k_tokens"),
                decimal(node, "output_cost_per_token_above_200k_tokens"),
                decimal(node, "cache_read_input_token_cost_above_200k_tokens"),
                decimal(node, "input_cost_per_token_batches"),
                decimal(node, "output_cost_per_token_batches"));
        int maxTokens = count(node, "max_tokens");
        int maxIn = count(node, "max_input_tokens");
        int maxOut = count(node, "max_output_tokens");
        // LiteLLM documents max_tokens as the legacy fallback for both limits.
        return new ModelInfo(id, text(node, "litellm_provider"), mode, prices,
                maxIn > 0 ? maxIn : maxTokens, maxOut > 0 ? maxOut : maxTokens);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** Exact decimal from a JSON number or numeric string; null when absent or not a number. */
    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (v.isBigDecimal() || v.isIntegralNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Token limit as int; tables sometimes write 1e6 or a string, and garbage becomes 0 (unknown). */
    private static int count(JsonNode node, String field) {
        BigDecimal d = decimal(node, field);
        if (d == null || d.signum() <= 0) {
            return 0;
        }
        return d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) >= 0 ? Integer.MAX_VALUE : d.intValue();
    }

    private static InputStream resource(String name) {
        InputStream in = ModelCatalog.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + name);
        }
        return in;
    }
}
