package dev.switchboard.cost;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.WindowedCost;
import java.math.BigDecimal;
import java.util.List;

/** A tenant's exact cost and call count over some windows. */
public record CostTotal(String tenant, BigDecimal cost, long calls) {

    public static CostTotal of(String tenant, List<WindowedCost> windows) {
        BigDecimal cost = Money.ZERO;
        long calls = 0;
        for (WindowedCost window : windows) {
            cost = CostSum.plus(cost, window.getCost());
            calls += window.getCalls();
        }
        return new CostTotal(tenant, cost, calls);
    }
}
