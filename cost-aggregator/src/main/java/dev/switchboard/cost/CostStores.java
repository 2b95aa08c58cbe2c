package dev.switchboard.cost;

import java.util.ArrayList;
import java.util.List;

/** Window store names shared by the topology (which creates them) and the query side (which reads them). */
public final class CostStores {
    private CostStores() {
    }

    /** {@code cost-tenant-1m}, {@code cost-tenant-model-1m}, {@code cost-tenant-team-1m}, {@code cost-tenant-feature-1m}. */
    public static String name(String sizeLabel, CostDimension by) {
        return by.storePrefix() + sizeLabel;
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
