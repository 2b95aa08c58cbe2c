package dev.switchboard.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal {@code multipart/form-data} parser (RFC 7578), enough for {@code POST /v1/files}: the boundary comes
 * from the Content-Type header, each part's name and filename from its Content-Disposition header. Bytes are
 * mapped 1:1 to ISO-8859-1 characters so the boundary search works on text while part contents stay binary-exact.
 */
final class Multipart {

    /** One form field; {@code filename} is null for plain fields. */
    record Part(String name, String filename, String contentType, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)(?:^|;)\\s*filename=\"([^\"]*)\"");

    private final List<Part> parts;

    private Multipart(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    static Multipart parse(String contentType, byte[] body) throws InvalidRequestException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw InvalidRequestException.badRequest("Expected a multipart/form-data request body.", null);
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw InvalidRequestException.badRequest("The multipart Content-Type has no boundary.", null);
        }
        String delimiter = "--" + (m.group(1) != null ? m.group(1) : m.group(2));
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(delimiter);
        if (at < 0) {
            throw InvalidRequestException.badRequest("The multipart body does not contain its boundary.", null);
        }
        List<Part> parts = new ArrayList<>();
        while (true) {
            int afterDelimiter = at + delimiter.length();
            if (text.startsWith("--", afterDelimiter)) {
                break; // closing delimiter
            }
            int partStart = skipLineBreak(text, afterDelimiter);
            int next = text.indexOf("\r\n" + delimiter, partStart);
            if (next < 0) {
                throw InvalidRequestException.badRequest("The multipart body is truncated.", null);
            }
            parts.add(parsePart(text.substring(partStart, next)));
            at = next + 2;
        }
        return new Multipart(parts);
    }

    Optional<Part> part(String name) {
        return parts.stream().filter(p -> name.equals(p.name())).findFirst();
    }

    List<Part> parts() {
        return parts;
    }

    private static Part parsePart(String raw) throws InvalidRequestException {
        int headerEnd = raw.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            throw InvalidRequestException.badRequest("A multipart part has no header section.", null);
        }
        String name = null;
        String filename = null;
        String contentType = null;
        for (String line : raw.substring(0, headerEnd).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = new String(line.substring(colon + 1).trim().getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            if (header.equals("content-disposition")) {
                name = group(NAME, value);
                filename = group(FILENAME, value);
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null) {
            throw InvalidRequestException.badRequest("A multipart part has no Content-Disposition name.", null);
        }
        byte[] content = raw.substring(headerEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
        return new Part(name, filename, contentType, content);
    }

    private static String group(Pattern pattern, String value) {
        Matcher m = pattern.matcher(value);
        return m.find() ? m.group(1) : null;
    }

    private static int skipLineBreak(String text, int at) {
        if (text.startsWith("\r\n", at)) {
            return at + 2;
        }
        return text.startsWith("\n", at) ? at + 1 : at;
    }
}
