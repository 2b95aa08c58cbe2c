package dev.switchboard.router.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.json.RequestJson;
import dev.switchboard.schemas.serde.ConfluentAvroSerde;
import dev.switchboard.schemas.serde.SchemaRegistryClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads a request's tenant and tier straight from its bytes, Confluent Avro or JSON, and stops as soon as it knows
 * them: the messages, the bulk of a request, are skipped (Avro) or never reached when the tier comes first (JSON), and
 * nothing is decoded into a request. What it cannot read (no tenant, a tier that is not one, broken bytes before the
 * fields it needs) is {@link Optional#empty()}; the lane's intake then reads the whole request and answers it.
 */
final class TierReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int AVRO_HEADER = 5;
    private static final String TENANT = "tenant";
    private static final String TIER = "tier";
    private static final String TIER_EXPLICIT = "tier_explicit";

    /** The request's tenant, its tier field as written, and whether the caller chose that tier. */
    record Found(String tenant, Tier tier, boolean explicit) {
    }

    private final SchemaRegistryClient registry;
    private final Map<Integer, List<Schema.Field>> avroFieldsByWriterId = new ConcurrentHashMap<>();

    TierReader(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    Optional<Found> read(byte[] value) {
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        try {
            if (value[0] == ConfluentAvroSerde.MAGIC_BYTE) {
                return readAvro(value);
            }
            return RequestJson.looksLikeJson(value) ? readJson(value) : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Walks the writer's fields in order, skipping each one it does not need, until tenant, tier and its flag are read. */
    private Optional<Found> readAvro(byte[] value) throws IOException {
        if (value.length < AVRO_HEADER) {
            return Optional.empty();
        }
        int writerId = ByteBuffer.wrap(value, 1, 4).getInt();
        List<Schema.Field> fields = avroFieldsByWriterId.computeIfAbsent(writerId, id -> registry.schemaById(id).getFields());
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(value, AVRO_HEADER, value.length - AVRO_HEADER, null);
        boolean hasTier = fields.stream().anyMatch(f -> f.name().equals(TIER));
        boolean hasExplicit = fields.stream().anyMatch(f -> f.name().equals(TIER_EXPLICIT));
        String tenant = null;
        Tier tier = hasTier ? null : Tier.STANDARD;
        Boolean explicit = hasExplicit ? null : Boolean.FALSE;
        for (Schema.Field field : fields) {
            if (tenant != null && tier != null && explicit != null) {
                break;
            }
            switch (field.name()) {
                case TENANT -> tenant = field.schema().getType() == Schema.Type.STRING ? in.readString() : null;
                case TIER -> tier = avroTier(field.schema(), in);
                case TIER_EXPLICIT -> explicit = in.readBoolean();
                default -> GenericDatumReader.skip(field.schema(), in);
            }
            if (field.name().equals(TENANT) && tenant == null) {
                return Optional.empty();
            }
        }
        return tenant == null || tier == null || explicit == null ? Optional.empty() : Optional.of(new Found(tenant, tier, explicit));
    }

    private static Tier avroTier(Schema schema, BinaryDecoder in) throws IOException {
        if (schema.getType() != Schema.Type.ENUM) {
            throw new IOException("tier is not an enum in the writer's schema");
        }
        String symbol = schema.getEnumSymbols().get(in.readEnum());
        try {
            return Tier.valueOf(symbol);
        } catch (IllegalArgumentException unknown) {
            // A newer writer's symbol this reader does not know resolves to the enum's default, as the full read does.
            return Tier.valueOf(Tier.getClassSchema().getEnumDefault());
        }
    }

    /** Reads the top-level object's fields, skipping every nested value, until both tenant and tier are known. */
    private static Optional<Found> readJson(byte[] value) throws IOException {
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String tenant = null;
            String tier = null;
            boolean tierSeen = false;
            while (!(tenant != null && tierSeen) && parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals(TENANT)) {
                    if (token != JsonToken.VALUE_STRING) {
                        return Optional.empty();
                    }
                    tenant = parser.getText();
                } else if (name.equals(TIER)) {
                    if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL) {
                        return Optional.empty();
                    }
                    tier = token == JsonToken.VALUE_NULL ? null : parser.getText();
                    tierSeen = true;
                } else {
                    parser.skipChildren();
                }
            }
            if (tenant == null) {
                return Optional.empty();
            }
            // The same reading as the full parse: a missing or null tier is STANDARD, and not the caller's choice.
            if (tier == null) {
                return Optional.of(new Found(tenant, Tier.STANDARD, false));
            }
            try {
                return Optional.of(new Found(tenant, Tier.valueOf(tier.toUpperCase(Locale.ROOT)), true));
            } catch (IllegalArgumentException notATier) {
                return Optional.empty();
            }
        }
    }
}
