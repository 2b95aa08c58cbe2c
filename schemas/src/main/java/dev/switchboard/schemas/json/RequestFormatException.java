package dev.switchboard.schemas.json;

import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;

/** A JSON request that cannot be read; carries the request id and tenant when they could be read, so the rejection can name them. */
public class RequestFormatException extends SerializationException {
    private final String requestId;
    private final String tenant;

    public RequestFormatException(String message, String requestId, String tenant) {
        super(message);
        this.requestId = requestId;
        this.tenant = tenant;
    }

    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }
}
