package dev.switchboard.router.intake;

/** Why a request is refused: a machine-readable code and a sentence for the caller. */
public record Rejection(String code, String message) {
    public static final String UNREADABLE = "unreadable_record";
    public static final String INVALID = "invalid_request";
    public static final String UNKNOWN_MODEL = "unknown_model";
    public static final String MODEL_UNAVAILABLE = "model_unavailable";
    public static final String PROMPT_TOO_LARGE = "prompt_too_large";
}
