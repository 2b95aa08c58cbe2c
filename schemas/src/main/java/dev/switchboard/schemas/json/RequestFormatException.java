package dev.switchboard.schemas.json;

import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A JSON request that cannot be taken: either not a request document at all (malformed JSON, not an object), or a
 * document with a missing, mistyped or out-of-range field ({@link #fieldError()}), the same kind of error the
 * router's validator finds in an Avro request. Carries the request id and tenant when they could be read, so the
 * rejection can name them.
 */
public class RequestFormatException extends SerializationException {
    private final String requestId;
    private final String tenant;
    private final boolean fieldError;

    private RequestFormatException(String message, String requestId, String tenant, boolean fieldError) {
        super(message);
        this.requestId = requestId;
        this.tenant = tenant;
        this.fieldError = fieldError;
    }

    /** The bytes are not a JSON object. */
    public static RequestFormatException unreadable(String message) {
        return new RequestFormatException(message, null, null, false);
    }

    /** A JSON object whose fields do not make a valid request. */
    public static RequestFormatException invalidField(String message, String requestId, String tenant) {
        return new RequestFormatException(message, requestId, tenant, true);
    }

    /** True when the document was read and one of its fields is wrong; false when it could not be read at all. */
    public boolean fieldError() {
        return fieldError;
    }

    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }
}
