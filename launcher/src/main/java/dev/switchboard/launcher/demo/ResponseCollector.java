package dev.switchboard.launcher.demo;

import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.util.List;

/** Reads the answers on {@code llm.responses} to what is published after it is created. */
public final class ResponseCollector extends TopicCollector<LlmResponse> {
    public ResponseCollector(String bootstrapServers, SwitchboardSerdes serdes) {
        super(bootstrapServers, Topics.RESPONSES, serdes.responses().deserializer(), false);
    }

    public List<LlmResponse> responses() {
        return values();
    }
}
