package dev.switchboard.client;

/**
 * No answer arrived before the request's deadline. The request is still accounted: its answer (EXPIRED, or a late
 * one) is awaited for a while longer and counted as late when it comes.
 */
public final class DeadlineExceededException extends RuntimeException {
    private final String requestId;

    public DeadlineExceededException(String requestId, String message) {
        super(message);
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
