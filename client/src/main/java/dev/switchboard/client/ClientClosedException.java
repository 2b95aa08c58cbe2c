package dev.switchboard.client;

/** The client was closed: it takes no new requests, and one still unanswered when draining ended fails with this. */
public final class ClientClosedException extends RuntimeException {
    public ClientClosedException(String message) {
        super(message);
    }
}
