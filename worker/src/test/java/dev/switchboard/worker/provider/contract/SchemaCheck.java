package dev.switchboard.worker.provider.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small OpenAPI 3.1 schema checker for contract tests: enough of JSON Schema to catch a body our adapters should
 * never send, not a full validator.
 *
 * <p>Covers: {@code $ref} (local JSON pointers, with sibling keywords also applied), {@code allOf} (all must match),
 * {@code anyOf} and {@code oneOf} (at least one must match; "exactly one" is not enforced), {@code type} (a name or a
 * list; {@code integer} accepts integral numbers), OpenAPI 3.0 {@code nullable}, {@code enum}, {@code const},
 * {@code required}, {@code properties}, {@code additionalProperties} (false, or a schema for the extra properties),
 * {@code items}, {@code minItems}/{@code maxItems}, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength}.
 * Ignored: formats, patterns, discriminators, {@code if/then}, {@code prefixItems}, {@code not}.
 */
public final class SchemaCheck {
    private final JsonNode spec;

    public SchemaCheck(JsonNode spec) {
        this.spec = spec;
    }

    /** The node at a local reference such as {@code #/components/schemas/Message}. */
    public JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException("only local references are supported: " + ref);
        }
        JsonNode node = spec.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable reference: " + ref);
        }
        return node;
    }

    /** The violations of {@code value} against {@code schema}, each prefixed with its path ({@code $.a[0].b}); empty if it conforms. */
    public List<String> check(JsonNode schema, JsonNode value) {
        List<String> violations = new ArrayList<>();
        check(schema, value, "$", violations);
        return violations;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (schema == null || schema.isBoolean()) {
            if (schema != null && !schema.asBoolean()) {
                out.add(path + ": no value is allowed here");
            }
            return;
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, out);
        }
        for (JsonNode sub : schema.path("allOf")) {
            check(sub, value, path, out);
        }
        alternatives(schema.get("anyOf"), value, path, out);
        alternatives(schema.get("oneOf"), value, path, out);
        if (value.isNull() && schema.path("nullable").asBoolean(false)) {
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            out.add(path + ": expected type " + schema.get("type") + " but was " + value.getNodeType().name().toLowerCase());
            return;
        }
        if (schema.has("const") && !sameValue(schema.get("const"), value)) {
            out.add(path + ": expected const " + schema.get("const") + " but was " + value);
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isObject()) {
            object(schema, value, path, out);
        } else if (value.isArray()) {
            array(schema, value, path, out);
        } else if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                out.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                out.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
            }
        } else if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                out.add(path + ": shorter than minLength " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                out.add(path + ": longer than maxLength " + schema.get("maxLength"));
            }
        }
    }

    /** At least one alternative must match; when none does, the closest one's violations explain why. */
    private void alternatives(JsonNode options, JsonNode value, String path, List<String> out) {
        if (options == null || !options.isArray()) {
            return;
        }
        List<List<String>> failures = new ArrayList<>();
        for (JsonNode option : options) {
            List<String> violations = new ArrayList<>();
            check(option, value, path, violations);
            if (violations.isEmpty()) {
                return;
            }
            failures.add(violations);
        }
        List<String> closest = failures.stream().min(Comparator.comparingInt(List::size)).orElse(List.of());
        out.add(path + ": matches none of " + options.size() + " alternatives; closest fails with " + closest);
    }

    private void object(JsonNode schema, JsonNode value, String path, List<String> out) {
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText())) {
                out.add(path + ": missing required property '" + name.asText() + "'");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), childPath, out);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                out.add(path + ": unknown property '" + field.getKey() + "' (additionalProperties is false)");
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), childPath, out);
            }
        }
    }

    private void array(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            out.add(path + ": fewer than minItems " + schema.get("minItems"));
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            out.add(path + ": more than maxItems " + schema.get("maxItems"));
        }
        if (schema.has("items") && schema.get("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            default -> throw new IllegalArgumentException("unknown schema type " + type);
        };
    }

    private static boolean contains(JsonNode options, JsonNode value) {
        for (JsonNode option : options) {
            if (sameValue(option, value)) {
                return true;
            }
        }
        return false;
    }

    /** JSON equality, with numbers compared by value (1 equals 1.0). */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
