package dev.switchboard.worker.provider.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecTrimmerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode spec() throws Exception {
        return JSON.readTree("""
                {"openapi":"3.1.0","info":{"title":"T","version":"1","description":"long prose","license":{"name":"MIT"}},
                 "paths":{"/a":{"post":{"summary":"s","x-meta":{"examples":[{"title":"first"},{"title":"second"}]},
                   "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}},
                 "components":{"schemas":{
                   "A":{"type":"object","description":"prose","required":["b"],
                        "properties":{"b":{"$ref":"#/components/schemas/B"},"description":{"type":"string","description":"a property"}},
                        "examples":[{"b":{"n":1},"description":"kept: example data"}]},
                   "B":{"type":"object","properties":{"n":{"type":"integer","minimum":0}}},
                   "Unused":{"type":"string"}}}}
                """);
    }

    @Test
    void keepsThePointedNodesAndEverySchemaTheyReachAtTheSamePlaces() throws Exception {
        JsonNode cut = SpecTrimmer.trim(spec(), List.of("/paths/~1a/post/responses/200"));

        assertThat(cut.at("/paths/~1a/post/responses/200/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/A");
        assertThat(cut.at("/components/schemas/B/properties/n/minimum").asInt()).isZero();
        assertThat(cut.at("/components/schemas").has("Unused")).isFalse();
        assertThat(cut.at("/paths/~1a/post").has("summary")).isFalse();
        assertThat(cut.at("/info/license/name").asText()).isEqualTo("MIT");
    }

    @Test
    void dropsProseButKeepsPropertiesNamedDescriptionAndExamples() throws Exception {
        JsonNode a = SpecTrimmer.trim(spec(), List.of("/components/schemas/A")).at("/components/schemas/A");

        assertThat(a.has("description")).isFalse();
        assertThat(a.at("/properties/description/type").asText()).isEqualTo("string");
        assertThat(a.at("/properties/description").has("description")).isFalse();
        assertThat(a.at("/examples/0/description").asText()).isEqualTo("kept: example data");
        assertThat(a.at("/required/0").asText()).isEqualTo("b");
    }

    @Test
    void anArrayElementLandsInAnArrayAtTheSamePlace() throws Exception {
        JsonNode cut = SpecTrimmer.trim(spec(), List.of("/paths/~1a/post/x-meta/examples/0"));

        assertThat(cut.at("/paths/~1a/post/x-meta/examples").isArray()).isTrue();
        assertThat(cut.at("/paths/~1a/post/x-meta/examples").size()).isOne();
        assertThat(cut.at("/paths/~1a/post/x-meta/examples/0/title").asText()).isEqualTo("first");
    }

    @Test
    void aPointerToNothingIsAnError() {
        assertThatThrownBy(() -> SpecTrimmer.trim(spec(), List.of("/components/schemas/Missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/components/schemas/Missing");
    }
}
