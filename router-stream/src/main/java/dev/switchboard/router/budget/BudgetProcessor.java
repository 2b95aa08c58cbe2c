package dev.switchboard.router.budget;

import dev.switchboard.router.Reply;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.governance.AdmissionListener;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.router.governance.Scopes;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Holds budgets before a request leaves for a provider. It reserves the request's worst case against every budget
 * the request counts against (tenant, team, project, key; day and month) and refuses it when any hard limit could be
 * passed, so however many requests race, settled spend stays within the budget. Past a soft limit the request goes
 * to the policy's cheaper model instead. Answers settle the reservation ({@link BudgetSettlementProcessor}).
 *
 * <p>A refusal is answered REJECTED {@code budget_exceeded} and also written to llm.cache-fill as the request's
 * terminal answer, exactly as a worker reports a failure, so that repeats of its id and identical requests parked
 * behind it are released by the same path.
 */
public final class BudgetProcessor implements Processor<String, RoutedRequest, String, Object> {
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(10);

    private final RouterConfig config;
    private final WorstCaseCost worstCase;
    private final Duration reservationTimeout;
    private final AdmissionListener listener;
    private final String routeChild;
    private final String replyChild;
    private final String terminalChild;
    private ProcessorContext<String, Object> context;
    private Governance governance;
    private BudgetLedger ledger;

    public BudgetProcessor(RouterConfig config, WorstCaseCost worstCase, Duration reservationTimeout, AdmissionListener listener,
                           String routeChild, String replyChild, String terminalChild) {
        this.config = config;
        this.worstCase = worstCase;
        this.reservationTimeout = reservationTimeout;
        this.listener = listener;
        this.routeChild = routeChild;
        this.replyChild = replyChild;
        this.terminalChild = terminalChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.governance = Governance.of(context);
        this.ledger = new BudgetLedger(context.getStateStore(BudgetLedger.LEDGER_STORE), context.getStateStore(BudgetLedger.RESERVATIONS_STORE));
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> ledger.expire(now, reservationTimeout.toMillis()));
    }

    @Override
    public void process(Record<String, RoutedRequest> record) {
        RoutedRequest routed = record.value();
        String tenant = routed.getRequest().getTenant();
        GovernancePolicy policy = governance.policyOf(tenant);
        long nowMs = context.currentSystemTimeMs();
        List<ScopedBudget> budgets = ScopedBudget.of(policy, routed.getRequest(), Instant.ofEpochMilli(nowMs));
        if (budgets.isEmpty()) {
            context.forward(record, routeChild);
            return;
        }
        routed = withOutputCap(routed, policy.getDefaultMaxTokens());
        Optional<BigDecimal> worst = worstCase.of(routed);
        if (worst.isEmpty()) {
            refuse(record, routed, GovernanceCodes.UNPRICED_MODEL, "model " + routed.getModel()
                    + " has no known price, so its cost can not be held within the budgets of tenant " + tenant);
            return;
        }
        Optional<ScopedBudget> soft = budgets.stream().filter(b -> b.softLimit() != null)
                .filter(b -> ledger.entry(b.ledgerKey(), b.periodEndMs()).committed().compareTo(b.softLimit()) >= 0).findFirst();
        if (soft.isPresent()) {
            Optional<RoutedRequest> downgraded = downgrade(routed, policy, soft.get(), worst.get());
            if (downgraded.isPresent()) {
                routed = downgraded.get();
                worst = worstCase.of(routed);
            }
        }
        for (ScopedBudget budget : budgets) {
            if (budget.hardLimit() == null) {
                continue;
            }
            LedgerEntry entry = ledger.entry(budget.ledgerKey(), budget.periodEndMs());
            if (entry.committed().add(worst.get()).compareTo(budget.hardLimit()) > 0) {
                refuse(record, routed, GovernanceCodes.BUDGET_EXCEEDED, budget.describe() + " of " + ScopedBudget.usd(budget.hardLimit())
                        + " could be passed: spent " + ScopedBudget.usd(entry.spent()) + ", held for requests in flight "
                        + ScopedBudget.usd(entry.reserved()) + ", and this request could cost up to " + ScopedBudget.usd(worst.get()));
                return;
            }
        }
        ledger.reserve(reservationKey(tenant, routed.getRequest().getRequestId()), worst.get(), budgets, nowMs);
        context.forward(record.withValue(routed), routeChild);
    }

    public static String reservationKey(String tenant, String requestId) {
        return Scopes.key(tenant, requestId);
    }

    /** A budget needs a bound on output: a request without max_tokens gets the policy's default. */
    private static RoutedRequest withOutputCap(RoutedRequest routed, int defaultMaxTokens) {
        LlmRequest request = routed.getRequest();
        if (request.getParams().getMaxTokens() != null) {
            return routed;
        }
        GenerationParams params = GenerationParams.newBuilder(request.getParams()).setMaxTokens(defaultMaxTokens).build();
        return RoutedRequest.newBuilder(routed).setRequest(LlmRequest.newBuilder(request).setParams(params).build()).build();
    }

    /** To the policy's downgrade model when the tenant may use it and it costs less at worst; no cascade upwards. */
    private Optional<RoutedRequest> downgrade(RoutedRequest routed, GovernancePolicy policy, ScopedBudget soft, BigDecimal worst) {
        String cheaper = policy.getDowngradeModel();
        if (cheaper == null || cheaper.equals(routed.getModel()) || !config.serves(cheaper) || !config.policyOf(routed.getRequest().getTenant()).allows(cheaper)) {
            return Optional.empty();
        }
        List<String> fallbacks = new ArrayList<>(routed.getFallbackModels());
        fallbacks.remove(cheaper);
        RouteFacts route = RouteFacts.newBuilder(routed.getRoute())
                .setReason(routed.getRoute().getReason() + "; " + soft.describe() + " passed its soft limit of "
                        + ScopedBudget.usd(soft.softLimit()) + ": downgraded from " + routed.getModel() + " to " + cheaper)
                .setModelsTried(new ArrayList<>(List.of(cheaper)))
                .build();
        RoutedRequest candidate = RoutedRequest.newBuilder(routed).setModel(cheaper).setRoute(route).setFallbackModels(fallbacks)
                .setEscalateTo(null).setJudgeModel(null).build();
        return worstCase.of(candidate).filter(cost -> cost.compareTo(worst) < 0).map(cost -> candidate);
    }

    private void refuse(Record<String, RoutedRequest> record, RoutedRequest routed, String code, String message) {
        LlmRequest request = routed.getRequest();
        listener.refused(request.getTenant(), code);
        LlmResponse answer = Responses.rejected(request.getRequestId(), request.getTenant(), code, message, request.getMetadata(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(record.withValue(new Reply(Reply.topicFor(request), answer)), replyChild);
        CacheFill terminal = CacheFill.newBuilder().setTenant(request.getTenant()).setRequestId(request.getRequestId())
                .setCacheKey(routed.getCacheKey()).setTtlSeconds(null).setResponse(answer).build();
        context.forward(record.withValue(terminal), terminalChild);
    }
}
