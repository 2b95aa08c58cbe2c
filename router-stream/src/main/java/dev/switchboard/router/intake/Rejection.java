package dev.switchboard.router.intake;

/**
 * Why a request is refused: a machine-readable code and a sentence for the caller. Messages may quote the caller's
 * values, so they are cut to {@value #MAX_MESSAGE_CHARS} characters: an answer never grows with its request.
 *
 * <p>Codes of the intake: {@value #UNREADABLE} when the bytes are not a request at all (not Avro or JSON, malformed
 * JSON, not an object, an empty record); {@value #INVALID} when a readable request has a missing, mistyped or
 * out-of-range field, wherever that was found; {@value #REQUEST_TOO_LARGE} when the record exceeds the size the
 * gateway can carry onward; {@value #UNKNOWN_MODEL}, {@value #MODEL_UNAVAILABLE}, {@value #PROMPT_TOO_LARGE}.
 */
public record Rejection(String code, String message) {
    public static final String UNREADABLE = "unreadable_record";
    public static final String INVALID = "invalid_request";
    public static final String UNKNOWN_MODEL = "unknown_model";
    public static final String MODEL_UNAVAILABLE = "model_unavailable";
    public static final String PROMPT_TOO_LARGE = "prompt_too_large";
    public static final String REQUEST_TOO_LARGE = "request_too_large";
    static final int MAX_MESSAGE_CHARS = 500;

    public Rejection {
        message = Echo.bounded(message, MAX_MESSAGE_CHARS);
    }
}
