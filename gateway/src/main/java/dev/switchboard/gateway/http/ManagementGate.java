package dev.switchboard.gateway.http;

import dev.switchboard.gateway.GatewayMetrics;
import dev.switchboard.gateway.openai.OpenAiError;
import dev.switchboard.schemas.access.Caller;
import dev.switchboard.schemas.access.Callers;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;

/**
 * With governance on, the gateway's management endpoints (files, batches, and anything under {@code /admin/}) need a
 * credential before they are routed: the admin key, or a virtual key that is neither revoked nor expired. A virtual
 * key's files and batches are its tenant's (the tenant comes from the key, whatever a header says); {@code /admin/}
 * is the admin's alone. Chat completions pass through: the router checks their key.
 */
public final class ManagementGate implements Handler<HttpServerRequest> {
    private static final List<String> MANAGED = List.of("/v1/files", "/v1/batches", "/admin/");
    private static final String ADMIN_ONLY = "/admin/";

    private final Callers callers;
    private final GatewayMetrics metrics;
    private final Handler<HttpServerRequest> next;

    public ManagementGate(Callers callers, GatewayMetrics metrics, Handler<HttpServerRequest> next) {
        this.callers = callers;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (!callers.required() || MANAGED.stream().noneMatch(path::startsWith)) {
            next.handle(request);
            return;
        }
        Optional<Caller> caller = callers.authenticate(Callers.bearer(request.getHeader("Authorization")));
        if (caller.isEmpty()) {
            refuse(request, new OpenAiError(401, OpenAiError.AUTHENTICATION, "invalid_api_key",
                    "a credential is required: Authorization: Bearer <admin key or virtual key>", Optional.empty()));
        } else if (path.startsWith(ADMIN_ONLY) && !caller.get().admin()) {
            refuse(request, new OpenAiError(403, OpenAiError.PERMISSION, "admin_only",
                    "key " + caller.get().keyId() + " is a tenant's key; " + ADMIN_ONLY + " needs the admin key", Optional.empty()));
        } else {
            next.handle(request);
        }
    }

    private void refuse(HttpServerRequest request, OpenAiError error) {
        HttpExchange exchange = new HttpExchange(request, metrics, "management");
        if (request.method() == HttpMethod.GET) {
            exchange.error(error);
        } else {
            exchange.refuseAndClose(error);
        }
    }
}
