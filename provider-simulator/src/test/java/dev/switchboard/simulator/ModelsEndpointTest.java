package dev.switchboard.simulator;

import static dev.switchboard.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsEndpointTest {

    @Test
    void listsConfiguredModelsInOpenAiListFormat() {
        try (SimulatedProvider provider = SimulatedProvider.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new SimulatorClient(provider).get("/models");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
            JsonNode body = json(response);
            assertThat(body.path("object").asText()).isEqualTo("list");
            List<String> ids = new ArrayList<>();
            body.path("data").forEach(model -> {
                assertThat(model.path("object").asText()).isEqualTo("model");
                assertThat(model.path("owned_by").asText()).isNotBlank();
                ids.add(model.path("id").asText());
            });
            assertThat(ids).containsExactly("sim/small", "sim/large", "sim/long");
        }
    }

    @Test
    void retrievesOneModelAndRejectsUnknownOnes() {
        try (SimulatedProvider provider = SimulatedProvider.start(SimulatorConfig.defaults())) {
            SimulatorClient client = new SimulatorClient(provider);

            assertThat(json(client.get("/models/sim/large")).path("id").asText()).isEqualTo("sim/large");
            assertThat(client.get("/models/sim/unknown").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void baseUriIsLoopbackWithV1Path() {
        try (SimulatedProvider provider = SimulatedProvider.start(SimulatorConfig.defaults())) {
            assertThat(provider.baseUri().getHost()).isEqualTo("127.0.0.1");
            assertThat(provider.baseUri().getPort()).isEqualTo(provider.port()).isPositive();
            assertThat(provider.baseUri().getPath()).isEqualTo("/v1");
        }
    }
}
