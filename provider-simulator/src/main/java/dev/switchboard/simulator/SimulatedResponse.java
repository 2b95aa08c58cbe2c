package dev.switchboard.simulator;

import java.util.Map;

/** A fully computed HTTP response waiting to be sent, possibly after a simulated delay. */
record SimulatedResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";

    static SimulatedResponse json(int status, byte[] body) {
        return new SimulatedResponse(status, JSON, body, Map.of());
    }

    SimulatedResponse withHeaders(Map<String, String> extra) {
        return new SimulatedResponse(status, contentType, body, Map.copyOf(extra));
    }
}
