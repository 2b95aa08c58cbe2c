package dev.switchboard.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the HTTP front door, validated once.
 *
 * @param port                0 picks a free port
 * @param maxBodyBytes        largest chat-completions body; a larger one is refused (413) before it is read whole
 * @param maxFileBytes        largest uploaded batch file; it is kept as one record on a compacted topic
 * @param defaultTenant       the tenant of requests that name none and whose key the gateway does not know
 * @param requestTimeout      how long a call waits for its answer unless it asks otherwise (x-switchboard-timeout-ms)
 * @param maxInFlight         requests published and unanswered at once; past it calls are refused with 503
 * @param rateLimitRetryAfter the Retry-After of a rate-limited call: the router counts a sliding minute
 * @param batchWindow         how long a batch's requests may take; each carries it as its deadline
 * @param models              the catalog ids this deployment serves, listed by GET /v1/models
 */
public record GatewayConfig(String host, int port, int maxBodyBytes, int maxFileBytes, String defaultTenant, Duration requestTimeout,
                            int maxInFlight, Duration rateLimitRetryAfter, Duration batchWindow, List<String> models) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
    public static final String DEFAULT_TENANT = "default";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    public static final Duration DEFAULT_RATE_LIMIT_RETRY_AFTER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofHours(24);

    public GatewayConfig {
        host = host == null ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gateway.port must be a port number, got " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("gateway.maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("gateway.maxFileBytes must be positive, got " + maxFileBytes);
        }
        if (defaultTenant == null || defaultTenant.isBlank()) {
            throw new IllegalArgumentException("gateway.defaultTenant must not be blank");
        }
        requirePositive(requestTimeout, "gateway.requestTimeout");
        requirePositive(rateLimitRetryAfter, "gateway.rateLimitRetryAfter");
        requirePositive(batchWindow, "gateway.batchWindow");
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("gateway.maxInFlight must be positive, got " + maxInFlight);
        }
        models = List.copyOf(Objects.requireNonNull(models, "models"));
    }

    public static GatewayConfig defaults(List<String> models) {
        return new GatewayConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_FILE_BYTES, DEFAULT_TENANT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_IN_FLIGHT, DEFAULT_RATE_LIMIT_RETRY_AFTER, DEFAULT_BATCH_WINDOW, models);
    }

    public GatewayConfig withPort(int port) {
        return new GatewayConfig(host, port, maxBodyBytes, maxFileBytes, defaultTenant, requestTimeout, maxInFlight, rateLimitRetryAfter,
                batchWindow, models);
    }

    public GatewayConfig withMaxBodyBytes(int bytes) {
        return new GatewayConfig(host, port, bytes, maxFileBytes, defaultTenant, requestTimeout, maxInFlight, rateLimitRetryAfter,
                batchWindow, models);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
