package dev.switchboard.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.WindowedCost;
import java.util.List;

/** JSON for the query API. Money goes out as strings ("0.000123000000"): a JSON number would be a double to most readers. */
final class CostJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private CostJson() {
    }

    static ArrayNode windows(List<WindowedCost> windows) {
        ArrayNode array = MAPPER.createArrayNode();
        windows.forEach(w -> array.add(window(w)));
        return array;
    }

    static ObjectNode window(WindowedCost w) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("tenant", w.getTenant());
        if (w.getModel() != null) {
            node.put("model", w.getModel());
        }
        node.put("window", w.getWindow());
        node.put("window_start", w.getWindowStart().toString());
        node.put("window_end", w.getWindowEnd().toString());
        node.put("calls", w.getCalls());
        node.put("input_tokens", w.getInputTokens());
        node.put("output_tokens", w.getOutputTokens());
        node.put("cached_input_tokens", w.getCachedInputTokens());
        node.put("cost", w.getCost().toPlainString());
        node.put("baseline_cost", w.getBaselineCost().toPlainString());
        node.put("cache_hits", w.getCacheHits());
        node.put("cost_saved", w.getCostSaved().toPlainString());
        return node;
    }

    static ObjectNode total(CostTotal total) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("tenant", total.tenant());
        node.put("cost", total.cost().toPlainString());
        node.put("calls", total.calls());
        return node;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }
}
