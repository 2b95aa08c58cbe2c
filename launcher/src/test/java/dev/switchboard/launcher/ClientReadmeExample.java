package dev.switchboard.launcher;

import dev.switchboard.client.ChatAnswer;
import dev.switchboard.client.ChatRequest;
import dev.switchboard.client.SwitchboardClient;
import java.time.Duration;

/** The Java client example of the README, compiled and run by {@link SwitchboardClientEndToEndTest}; the README shows the lines between the markers. */
final class ClientReadmeExample {
    private ClientReadmeExample() {
    }

    static ChatAnswer ask(String bootstrapServers, String registryUrl) {
        // README:begin
        try (SwitchboardClient client = SwitchboardClient.builder()
                .bootstrapServers(bootstrapServers)     // e.g. 127.0.0.1:9092 under ./switchboard up
                .registryUrl(registryUrl)               // the system's schema registry
                .maxInFlight(64)                        // submit() waits for a free slot past this
                .defaultTimeout(Duration.ofSeconds(30)) // each request's deadline
                .build()) {
            ChatRequest request = ChatRequest.builder()
                    .tenant("acme").team("search").feature("faq")
                    .model("sim/small")
                    .user("What is a Kafka share group?")
                    .build();
            ChatAnswer answer = client.submit(request).join();
            System.out.println(answer.model() + " answered for " + answer.cost().toPlainString() + " USD: " + answer.content());
            return answer;
        }
        // README:end
    }
}
