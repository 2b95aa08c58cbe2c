package dev.switchboard.router.budget.lease;

/** What lanes write to {@code llm.budget-leases}, keyed by tenant: asks and returns, read in order by the ledger. */
public sealed interface LeaseMessage permits LeaseAsk, LeaseReturn {
    String lane();

    String tenant();
}
