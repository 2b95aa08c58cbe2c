package dev.switchboard.worker.provider.contract;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a published API description down to what the contract tests read: the nodes at the given JSON pointers, every
 * schema they reference (transitively), kept at the same places so a test reads the cut and the whole alike.
 * Prose descriptions are dropped; {@code examples}, {@code required}, enums and bounds are kept.
 *
 * <p>A pointer may end in an array index (an example picked out of a list): the element is appended to the array at
 * the same place in the cut, so pick the list's elements in order.
 */
public final class SpecTrimmer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Keywords whose values are data, not schemas: copied as published. */
    private static final Set<String> LITERALS = Set.of("example", "examples", "default", "const", "enum", "x-oaiMeta");

    private SpecTrimmer() {
    }

    public static ObjectNode trim(JsonNode spec, List<String> pointers) {
        ObjectNode cut = NODES.objectNode();
        cut.set("openapi", spec.path("openapi"));
        cut.set("info", info(spec.path("info")));
        Deque<String> pending = new ArrayDeque<>(pointers);
        Set<String> copied = new HashSet<>();
        while (!pending.isEmpty()) {
            String pointer = pending.pop();
            if (!copied.add(pointer)) {
                continue;
            }
            JsonNode node = spec.at(pointer);
            if (node.isMissingNode()) {
                throw new IllegalArgumentException("nothing at " + pointer);
            }
            JsonNode stripped = withoutProse(node, false);
            place(cut, spec, JsonPointer.compile(pointer), stripped);
            references(stripped, pending);
        }
        return cut;
    }

    /** Title, version and licence only: the origin stays visible in the cut. */
    private static ObjectNode info(JsonNode info) {
        ObjectNode kept = NODES.objectNode();
        for (String field : List.of("title", "version", "license")) {
            if (info.has(field)) {
                kept.set(field, info.get(field).deepCopy());
            }
        }
        return kept;
    }

    /** Puts {@code value} at {@code pointer} in the cut, creating objects or arrays where the source has them. */
    private static void place(ObjectNode root, JsonNode source, JsonPointer pointer, JsonNode value) {
        JsonNode parent = root;
        JsonNode sourceParent = source;
        JsonPointer rest = pointer;
        while (!rest.tail().matches()) {
            String name = rest.getMatchingProperty();
            JsonNode sourceChild = sourceParent.get(name);
            JsonNode child = parent.get(name);
            if (child == null) {
                child = sourceChild.isArray() ? NODES.arrayNode() : NODES.objectNode();
                ((ObjectNode) parent).set(name, child);
            }
            parent = child;
            sourceParent = sourceChild;
            rest = rest.tail();
        }
        if (parent.isArray()) {
            ((ArrayNode) parent).add(value);
        } else {
            ((ObjectNode) parent).set(rest.getMatchingProperty(), value);
        }
    }

    private static void references(JsonNode node, Deque<String> pending) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                pending.push(ref.asText().substring(1));
            }
        }
        for (JsonNode child : node) {
            references(child, pending);
        }
    }

    /** A copy without {@code description} text; under {@code properties} a key named "description" is a property and stays. */
    private static JsonNode withoutProse(JsonNode node, boolean namesProperties) {
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(child -> copy.add(withoutProse(child, false)));
            return copy;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode copy = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!namesProperties && field.getKey().equals("description") && field.getValue().isTextual()) {
                continue;
            }
            boolean literal = !namesProperties && LITERALS.contains(field.getKey());
            copy.set(field.getKey(), literal ? field.getValue().deepCopy()
                    : withoutProse(field.getValue(), !namesProperties && field.getKey().equals("properties")));
        }
        return copy;
    }
}
