package dev.switchboard.simulator;

import java.util.List;
import java.util.Optional;

/**
 * Decides which fault, if any, hits a request. Each configured fault gets its own dice roll derived from
 * (seed, fault index, request body): identical requests replay identical outcomes across runs, while the
 * proportion of hit requests over varied bodies approaches the configured probability.
 */
final class FaultPlan {

    private final List<Fault> faults;
    private final long seed;

    FaultPlan(List<Fault> faults, long seed) {
        this.faults = List.copyOf(faults);
        this.seed = seed;
    }

    Optional<Fault> decide(String model, byte[] body) {
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            if (fault.appliesTo(model) && roll(i, body) < fault.probability()) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    private double roll(int index, byte[] body) {
        return Hashing.unitInterval(Hashing.hash64(seed, index, body));
    }
}
