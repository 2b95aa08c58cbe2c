package dev.switchboard.cost.budget;

import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.SpendUpdate;
import java.time.Instant;
import java.util.List;

/** Read access to spend and policies: what the HTTP layer needs, so it can be tested without Kafka. */
public interface SpendView {
    /** Knows no spend and no policy: for a query server started without the budget stores. */
    SpendView NONE = new SpendView() {
        @Override
        public List<SpendUpdate> spend(String tenant, BudgetPeriod period, Instant periodStart) {
            return List.of();
        }

        @Override
        public GovernancePolicy policy(String tenant) {
            return null;
        }
    };

    /** Every scope's spend of the tenant in the period that starts at {@code periodStart}. */
    List<SpendUpdate> spend(String tenant, BudgetPeriod period, Instant periodStart);

    /** The tenant's policy, else the "*" default, else null. */
    GovernancePolicy policy(String tenant);

    /** The tenant's budgets and their use in the periods that contain {@code now}. */
    default List<BudgetUse> budgets(String tenant, Instant now) {
        return BudgetUses.of(tenant, policy(tenant), now, (period, start) -> spend(tenant, period, start));
    }
}
