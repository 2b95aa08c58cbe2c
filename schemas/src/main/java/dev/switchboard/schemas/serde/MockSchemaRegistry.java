package dev.switchboard.schemas.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-memory registry for {@code mock://<scope>} URLs, the convention of Confluent's own tooling. Every
 * client of one scope in a JVM sees the same ids, so the embedded mode and tests need no registry process.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {
    public static final String SCHEME = "mock://";
    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> byId = new ArrayList<>();
    private final Map<Schema, Integer> ids = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new HashMap<>();
    private java.util.function.BiConsumer<String, Schema> onNewRegistration = (subject, schema) -> { };

    private MockSchemaRegistry() {
    }

    public static MockSchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new MockSchemaRegistry());
    }

    /** Forgets a scope, so a test can start from an empty registry. */
    public static void drop(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Integer id = ids.get(schema);
        if (id == null) {
            byId.add(schema);
            id = byId.size();
            ids.put(schema, id);
        }
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
            onNewRegistration.accept(subject, schema);
        }
        return id;
    }

    /**
     * Called for every registration that changed the registry, in order. Replaying them in the same order into an
     * empty scope gives the same ids: that is how a data directory keeps ids valid across restarts.
     */
    public synchronized void onNewRegistration(java.util.function.BiConsumer<String, Schema> listener) {
        this.onNewRegistration = listener;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > byId.size()) {
            throw new SchemaRegistryException("schema id " + id + " not found in mock registry");
        }
        return byId.get(id - 1);
    }

    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }
}
