package dev.switchboard.cost.bound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.CacheBoundState;
import java.util.Optional;

/** {@code GET /api/tenants/{t}/cache-bound}: {@code {"bound": false}} for a tenant without one. */
public final class CacheBoundJson {
    private CacheBoundJson() {
    }

    public static JsonNode of(Optional<CacheBoundState> state) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("bound", state.isPresent());
        state.ifPresent(s -> {
            node.put("cut", s.getCut());
            node.put("target_false_hit_rate", s.getTargetFalseHitRate());
            node.put("verify_fraction", s.getVerifyFraction());
            node.put("lookups", s.getLookups());
            node.put("served", s.getServed());
            node.put("verifications", s.getVerifications());
            node.put("false_hits", s.getFalseHits());
            if (s.getVerifications() > 0) {
                node.put("verified_false_hit_rate", (double) s.getFalseHits() / s.getVerifications());
            } else {
                node.putNull("verified_false_hit_rate");
            }
            node.put("updated_at", s.getUpdatedAt().toString());
        });
        return node;
    }
}
