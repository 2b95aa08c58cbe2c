package dev.switchboard.cost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Window store names shared by the topology (which creates them) and the query side (which reads them). */
public final class CostStores {
    public static final String TENANT_PREFIX = CostDimension.TENANT.storePrefix();
    public static final String TENANT_MODEL_PREFIX = CostDimension.MODEL.storePrefix();

    private CostStores() {
    }

    /** {@code cost-tenant-1m}, {@code cost-tenant-model-1m}, {@code cost-tenant-team-1m}, {@code cost-tenant-feature-1m}. */
    public static String name(String sizeLabel, CostDimension by) {
        return by.storePrefix() + sizeLabel;
    }

    /** {@code cost-tenant-1m}, or {@code cost-tenant-model-1m} when {@code byModel}. */
    public static String name(String sizeLabel, boolean byModel) {
        return name(sizeLabel, byModel ? CostDimension.MODEL : CostDimension.TENANT);
    }

    public static String name(Duration size, CostDimension by) {
        return name(WindowLabel.of(size), by);
    }

    /** Every window store the topology for this config creates: per size, one per dimension. */
    public static List<String> names(CostConfig config) {
        List<String> names = new ArrayList<>();
        for (String label : config.labels()) {
            for (CostDimension by : CostDimension.values()) {
                names.add(name(label, by));
            }
        }
        return List.copyOf(names);
    }
}
