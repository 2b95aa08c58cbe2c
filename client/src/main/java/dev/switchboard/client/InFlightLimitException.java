package dev.switchboard.client;

/** Every slot for requests in flight stayed taken for the whole admission wait: the caller should slow down. */
public final class InFlightLimitException extends RuntimeException {
    public InFlightLimitException(String message) {
        super(message);
    }
}
