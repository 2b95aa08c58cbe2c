package dev.switchboard.worker;

import dev.switchboard.schemas.RoutedRequest;

/** Lets tests in sub-packages build routed requests the way the worker tests do. */
public final class RoutedRequestsAccess {
    private RoutedRequestsAccess() {
    }

    public static RoutedRequest of(String requestId, String tenant, String model, String question) {
        return RoutedRequests.of(requestId, tenant, model, question, null);
    }
}
