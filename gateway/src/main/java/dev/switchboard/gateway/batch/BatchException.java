package dev.switchboard.gateway.batch;

import dev.switchboard.gateway.openai.OpenAiError;

/** A files or batches call that cannot be served, with the error to answer. */
public final class BatchException extends RuntimeException {
    private final OpenAiError error;

    public BatchException(OpenAiError error) {
        super(error.message());
        this.error = error;
    }

    public OpenAiError error() {
        return error;
    }
}
