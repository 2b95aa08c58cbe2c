package dev.switchboard.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static ModelCatalog catalog;

    @BeforeAll
    static void load() {
        catalog = ModelCatalog.loadDefault();
    }

    static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldLoadDefaultTableWithOpenAiModel() {
        ModelInfo gpt4o = catalog.find("gpt-4o").orElseThrow();
        assertThat(gpt4o.provider()).isEqualTo("openai");
        assertThat(gpt4o.mode()).isEqualTo("chat");
        assertThat(gpt4o.prices().inputPerToken()).isEqualByComparingTo("0.0000025");
        assertThat(gpt4o.prices().outputPerToken()).isEqualByComparingTo("0.00001");
        assertThat(gpt4o.prices().cachedInputPerToken()).isEqualByComparingTo("0.00000125");
        assertThat(gpt4o.maxInputTokens()).isEqualTo(128000);
        assertThat(gpt4o.maxOutputTokens()).isEqualTo(16384);
        assertThat(catalog.size()).isGreaterThan(1000);
    }

    @Test
    void shouldFindModelByProviderSlashId() {
        assertThat(catalog.find("openai/gpt-4o")).containsSame(catalog.find("gpt-4o").orElseThrow());
        assertThat(catalog.contains("openai/gpt-4o")).isTrue();
        assertThat(catalog.contains("anthropic/gpt-4o")).isFalse();
    }

    @Test
    void shouldIncludeSimulatorModels() {
        ModelInfo small = catalog.find("sim/small").orElseThrow();
        assertThat(small.provider()).isEqualTo("simulator");
        assertThat(small.prices().inputPerToken()).isEqualTo(new BigDecimal("1.5E-7"));
        assertThat(small.prices().inputBatches()).isEqualByComparingTo("0.000000075");
        assertThat(catalog.find("sim/large")).isPresent();
        assertThat(catalog.find("sim/long").orElseThrow().maxInputTokens()).isEqualTo(1_000_000);
        // keys that already hold a slash are not prefixed again
        assertThat(catalog.contains("simulator/sim/small")).isFalse();
    }

    @Test
    void shouldSkipNonChatSampleSpecAndMetadataEntries() {
        assertThat(catalog.contains("sample_spec")).isFalse();
        assertThat(catalog.contains("last_updated")).isFalse();
        assertThat(catalog.contains("text-embedding-3-small")).isFalse();
        assertThat(catalog.models()).allSatisfy(m -> {
            assertThat(m.mode() == null || m.mode().equals("chat")).isTrue();
            assertThat(m.prices().inputPerToken()).isNotNull();
            assertThat(m.prices().outputPerToken()).isNotNull();
        });
        assertThat(catalog.models()).hasSize(catalog.size());
    }

    @Test
    void shouldParseNumbersExactlyFromJsonText() {
        ModelCatalog c = ModelCatalog.fromLiteLlmJson(json("""
                {"m": {"mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 0.1,
                       "max_input_tokens": 1e6, "max_tokens": "4096"}}"""));
        ModelInfo m = c.find("m").orElseThrow();
        assertThat(m.prices().inputPerToken()).isEqualTo(new BigDecimal("1.5E-7"));
        assertThat(m.prices().outputPerToken()).isEqualTo(new BigDecimal("0.1"));
        assertThat(m.maxInputTokens()).isEqualTo(1_000_000);
        assertThat(m.maxOutputTokens()).isEqualTo(4096);
    }

    @Test
    void shouldKeepMissingModeWithPricesAndDropEntriesWithoutBothPrices() {
        ModelCatalog c = ModelCatalog.fromLiteLlmJson(json("""
                {"nomode": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06},
                 "noinput": {"mode": "chat", "output_cost_per_token": 2e-06},
                 "nooutput": {"mode": "chat", "input_cost_per_token": 1e-06},
                 "embed": {"mode": "embedding", "input_cost_per_token": 1e-06, "output_cost_per_token": 0}}"""));
        assertThat(c.contains("nomode")).isTrue();
        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void shouldLetLaterSourcesOverrideEarlierIds() {
        ModelCatalog c = ModelCatalog.fromLiteLlmJson(
                json("{\"x\": {\"litellm_provider\": \"p\", \"mode\": \"chat\", \"input_cost_per_token\": 1, \"output_cost_per_token\": 1}}"),
                json("{\"x\": {\"litellm_provider\": \"q\", \"mode\": \"chat\", \"input_cost_per_token\": 2, \"output_cost_per_token\": 2}}"));
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.find("x").orElseThrow().prices().inputPerToken()).isEqualByComparingTo("2");
        assertThat(c.contains("q/x")).isTrue();
        assertThat(c.contains("p/x")).isFalse();
    }

    @Test
    void shouldPreferRealKeyOverProviderAlias() {
        ModelCatalog c = ModelCatalog.fromLiteLlmJson(json("""
                {"m": {"litellm_provider": "p", "mode": "chat", "input_cost_per_token": 1, "output_cost_per_token": 1},
                 "p/m": {"litellm_provider": "p", "mode": "chat", "input_cost_per_token": 3, "output_cost_per_token": 3}}"""));
        assertThat(c.find("p/m").orElseThrow().prices().inputPerToken()).isEqualByComparingTo("3");
        assertThat(c.find("nope")).isEmpty();
        assertThat(c.find(null)).isEmpty();
    }
}
