package dev.switchboard.gateway.batch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An uploaded or produced file's OpenAI metadata, as the gateway holds it in memory. Its content stays in Kafka
 * ({@link FileStore}).
 *
 * @param tenant whose file it is: the uploader's, or the batch's for output files; no other tenant sees it
 */
public record StoredFile(String id, String tenant, String purpose, String filename, long bytes, long createdAt) {
    public ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("object", "file");
        node.put("bytes", bytes);
        node.put("created_at", createdAt);
        node.put("filename", filename);
        node.put("purpose", purpose);
        node.put("status", "processed");
        node.putNull("expires_at");
        return node;
    }
}
