package dev.switchboard.cost;

import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a tenant's windows are split by. Each dimension has its own repartition topic and, per window size, its own
 * store ({@code cost-tenant-1m}, {@code cost-tenant-model-1m}, ...). Tenant and model windows also go to a topic;
 * team and feature windows are kept in their stores only, for the query API.
 */
public enum CostDimension {
    TENANT("cost-tenant-", "cost-by-tenant", Topics.COST_BY_TENANT),
    MODEL("cost-tenant-model-", "cost-by-tenant-model", Topics.COST_BY_TENANT_MODEL),
    TEAM("cost-tenant-team-", "cost-by-tenant-team", null),
    FEATURE("cost-tenant-feature-", "cost-by-tenant-feature", null);

    /** Team or feature of a call that names none: counted under this name rather than dropped. */
    public static final String NONE = "(none)";

    private final String storePrefix;
    private final String repartition;
    private final String topic;

    CostDimension(String storePrefix, String repartition, String topic) {
        this.storePrefix = storePrefix;
        this.repartition = repartition;
        this.topic = topic;
    }

    public String storePrefix() {
        return storePrefix;
    }

    /** Base name of the re-key processor, repartition topic and grouping of this dimension. */
    String repartition() {
        return repartition;
    }

    /** The output topic, or null when the windows stay in the stores. */
    String topic() {
        return topic;
    }

    /** The lower-case name used by the query API ({@code by=model}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CostDimension parse(String label) {
        return Arrays.stream(values()).filter(d -> d.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("by must be one of "
                        + Arrays.stream(values()).map(CostDimension::label).toList() + ", was '" + label + "'"));
    }

    /** The grouping key: the tenant, or tenant and value (see {@link TenantKey}). */
    String key(UsageEvent usage) {
        return this == TENANT ? usage.getTenant() : TenantKey.of(usage.getTenant(), valueOf(usage));
    }

    /** The model, team or feature of a call ({@link #NONE} when it has none); null for TENANT. */
    String valueOf(UsageEvent usage) {
        Attribution attribution = usage.getAttribution();
        return switch (this) {
            case TENANT -> null;
            case MODEL -> usage.getModel();
            case TEAM -> orNone(attribution == null ? null : attribution.getTeam());
            case FEATURE -> orNone(attribution == null ? null : attribution.getFeature());
        };
    }

    /** The name a window is shown under: its tenant, model, team or feature. */
    public String valueOf(WindowedCost window) {
        return switch (this) {
            case TENANT -> window.getTenant();
            case MODEL -> window.getModel();
            case TEAM -> window.getTeam();
            case FEATURE -> window.getFeature();
        };
    }

    /** Writes this dimension's value on a window (tenant windows carry none). */
    WindowedCost.Builder set(WindowedCost.Builder window, String value) {
        return switch (this) {
            case TENANT -> window;
            case MODEL -> window.setModel(value);
            case TEAM -> window.setTeam(value);
            case FEATURE -> window.setFeature(value);
        };
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
