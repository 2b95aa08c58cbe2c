package dev.switchboard.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's static files, read from the classpath once at startup so a missing one fails the start, not a
 * page view. The page draws its charts itself from the JSON API: nothing is loaded from anywhere else.
 */
final class DashboardAssets {
    static final String PAGE = "dashboard.html";
    private static final String BASE = "/dev/switchboard/cost/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            PAGE, "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    /** A file's bytes and content type. */
    record Asset(byte[] body, String contentType) {
    }

    private final Map<String, Asset> assets;

    private DashboardAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    static DashboardAssets load() {
        Map<String, Asset> assets = new HashMap<>();
        TYPES.forEach((name, type) -> assets.put(name, read(name, type)));
        return new DashboardAssets(Map.copyOf(assets));
    }

    /** The file of that name, or null for any other name. */
    Asset get(String name) {
        return assets.get(name);
    }

    private static Asset read(String name, String contentType) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file " + BASE + name + " is missing from the classpath");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard file " + BASE + name, e);
        }
    }
}
