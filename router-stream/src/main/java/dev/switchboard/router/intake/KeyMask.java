package dev.switchboard.router.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.serde.ConfluentAvroSerde;
import dev.switchboard.schemas.json.RequestJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Masks virtual keys in a record's bytes before they are shown in a dead letter, by reading the record, never by
 * searching its text: a key written with {@code \}{@code u} escapes, or in a record cut off mid-way, is still found.
 *
 * <ul>
 *   <li>JSON is copied token by token: the value of every {@code api_key} field (at any depth, any type) and every
 *       string holding the request's key are replaced by {@value #MASK}. Copying stops at the first token that does
 *       not read, so a malformed or truncated record yields a masked prefix: no token the parser could not read
 *       (where an unterminated key would sit) is ever copied.</li>
 *   <li>Avro that was read: Avro writes strings as their raw UTF-8 bytes, so every copy of the key it read is found
 *       byte for byte and overwritten with asterisks of the same length (the record stays readable).</li>
 *   <li>Anything else (unreadable Avro, bytes that are neither): masking cannot be proven, nothing is shown.</li>
 * </ul>
 */
final class KeyMask {
    static final String MASK = "[masked]";
    private static final String KEY_FIELD = "api_key";
    private static final JsonFactory JSON = new JsonFactory();

    /** @param bytes the masked copy, null when nothing may be shown; @param note what was done, null when nothing */
    record Masked(byte[] bytes, String note) {
    }

    private KeyMask() {
    }

    /** @param request the record as read, or null when it could not be read */
    static Masked mask(byte[] original, LlmRequest request, int maxBytes) {
        String key = request == null || request.getApiKey() == null || request.getApiKey().isEmpty() ? null : request.getApiKey();
        if (RequestJson.looksLikeJson(original)) {
            return json(original, key, maxBytes);
        }
        if (request != null && original.length > 0 && original[0] == ConfluentAvroSerde.MAGIC_BYTE) {
            return key == null ? new Masked(original, null) : new Masked(avro(original, key), "virtual key masked");
        }
        return new Masked(null, "payload left out: the record could not be read, so a key in it could not be masked");
    }

    private static Masked json(byte[] original, String key, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(original.length, maxBytes) + 64);
        boolean masked = false;
        String stopped = null;
        try (JsonParser parser = JSON.createParser(original); JsonGenerator generator = JSON.createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            try {
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (out.size() > maxBytes) {
                        break; // the dead letter keeps an excerpt of this size anyway
                    }
                    if (token == JsonToken.FIELD_NAME) {
                        masked |= copyField(parser, generator, key);
                    } else if (token == JsonToken.VALUE_STRING && key != null && parser.getText().contains(key)) {
                        generator.writeString(MASK);
                        masked = true;
                    } else {
                        generator.copyCurrentEvent(parser);
                    }
                    generator.flush();
                }
            } catch (IOException e) {
                // The token that failed was not copied: what is kept is the masked prefix before it.
                stopped = "JSON unreadable after byte " + out.size() + " of the masked copy; the readable prefix is kept";
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        String note = masked ? "virtual key masked" : null;
        if (stopped != null) {
            note = note == null ? stopped : note + "; " + stopped;
        }
        return new Masked(out.toByteArray(), note);
    }

    /** Copies a field name; an {@code api_key} field's value, whatever its type, is replaced. Returns whether it masked. */
    private static boolean copyField(JsonParser parser, JsonGenerator generator, String key) throws IOException {
        String name = parser.currentName();
        boolean nameHoldsKey = key != null && name.contains(key);
        generator.writeFieldName(nameHoldsKey ? MASK : name);
        if (!name.equalsIgnoreCase(KEY_FIELD)) {
            return nameHoldsKey;
        }
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
        }
        generator.writeString(MASK);
        return true;
    }

    private static byte[] avro(byte[] original, String key) {
        byte[] secret = key.getBytes(StandardCharsets.UTF_8);
        byte[] copy = original.clone();
        for (int i = 0; i + secret.length <= copy.length; i++) {
            if (matches(copy, i, secret)) {
                Arrays.fill(copy, i, i + secret.length, (byte) '*');
                i += secret.length - 1;
            }
        }
        return copy;
    }

    private static boolean matches(byte[] bytes, int at, byte[] secret) {
        for (int j = 0; j < secret.length; j++) {
            if (bytes[at + j] != secret[j]) {
                return false;
            }
        }
        return true;
    }
}
