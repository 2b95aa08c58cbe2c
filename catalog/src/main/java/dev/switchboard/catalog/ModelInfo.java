package dev.switchboard.catalog;

import java.util.Objects;

/** One chat model from the catalog; max token counts are 0 when the table does not say. */
public record ModelInfo(String id, String provider, String mode, Prices prices, int maxInputTokens, int maxOutputTokens) {

    public ModelInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prices, "prices");
    }
}
