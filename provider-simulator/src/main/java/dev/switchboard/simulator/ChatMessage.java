package dev.switchboard.simulator;

import java.util.Objects;

/** One chat message reduced to what the simulator needs: role and the plain text content. */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
    }
}
