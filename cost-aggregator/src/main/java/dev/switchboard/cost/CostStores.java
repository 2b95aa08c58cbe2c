package dev.switchboard.cost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Store names shared by the topology (which creates them) and the query side (which reads them). */
public final class CostStores {
    public static final String TENANT_PREFIX = "cost-tenant-";
    public static final String TENANT_MODEL_PREFIX = "cost-tenant-model-";

    private CostStores() {
    }

    /** {@code cost-tenant-1m}, or {@code cost-tenant-model-1m} when {@code byModel}. */
    public static String name(String sizeLabel, boolean byModel) {
        return (byModel ? TENANT_MODEL_PREFIX : TENANT_PREFIX) + sizeLabel;
    }

    public static String name(Duration size, boolean byModel) {
        return name(WindowLabel.of(size), byModel);
    }

    /** Every window store the topology for this config creates. */
    public static List<String> names(CostConfig config) {
        List<String> names = new ArrayList<>();
        for (String label : config.labels()) {
            names.add(name(label, false));
            names.add(name(label, true));
        }
        return List.copyOf(names);
    }
}
