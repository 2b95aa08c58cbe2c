package dev.switchboard.launcher;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tenant label of a metric. Every distinct label is a time series kept for the life of the process, and
 * tenants are named by whoever sends a request, so labels are bounded: a tenant the governance config names keeps
 * its own; of the others only the first {@code maxOthers} seen do, and the rest share {@value #OTHER}.
 */
final class TenantLabels {
    static final String OTHER = "other";
    static final int DEFAULT_MAX_OTHERS = 20;

    private final Predicate<String> governed;
    private final int maxOthers;
    private final Set<String> others = new HashSet<>();

    TenantLabels(Predicate<String> governed, int maxOthers) {
        if (maxOthers < 0) {
            throw new IllegalArgumentException("maxOthers must not be negative, got " + maxOthers);
        }
        this.governed = governed;
        this.maxOthers = maxOthers;
    }

    String of(String tenant) {
        if (tenant == null || tenant.isEmpty()) {
            return OTHER;
        }
        if (governed.test(tenant)) {
            return tenant;
        }
        synchronized (others) {
            if (others.contains(tenant) || (others.size() < maxOthers && others.add(tenant))) {
                return tenant;
            }
        }
        return OTHER;
    }
}
