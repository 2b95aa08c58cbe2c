package dev.switchboard.schemas.serde;

import org.apache.avro.Schema;

/** The two calls of the Confluent Schema Registry API the serdes need. */
public interface SchemaRegistryClient {

    /** Registers (or finds) the schema under the subject and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with that global id; throws {@link SchemaRegistryException} when none exists. */
    Schema schemaById(int id);

    /** Picks the client for a URL: {@code mock://scope} is an in-memory registry shared within the JVM, anything else the REST API. */
    static SchemaRegistryClient forUrl(String url) {
        SchemaRegistryClient raw = url.startsWith(MockSchemaRegistry.SCHEME)
                ? MockSchemaRegistry.scope(url.substring(MockSchemaRegistry.SCHEME.length()))
                : new RestSchemaRegistryClient(url);
        return new CachingSchemaRegistryClient(raw);
    }
}
