package dev.switchboard.simulator;

/** A client error reported back as an OpenAI {@code invalid_request_error} with the given HTTP status. */
final class InvalidRequestException extends Exception {

    private final int status;
    private final String param;
    private final String code;

    InvalidRequestException(int status, String message, String param, String code) {
        super(message, null, false, false); // control flow, no stack trace needed
        this.status = status;
        this.param = param;
        this.code = code;
    }

    static InvalidRequestException badRequest(String message, String param) {
        return new InvalidRequestException(400, message, param, null);
    }

    int status() {
        return status;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
