package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cost.bound.CacheBoundView;
import dev.switchboard.cost.answers.AnswerWindows;
import dev.switchboard.cost.budget.SpendView;
import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.WindowedCost;
import dev.switchboard.schemas.access.Access;
import dev.switchboard.schemas.access.Callers;
import dev.switchboard.schemas.access.KeyHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With governance on, who reads what of the cost API: the admin everything, a key its tenant, a team's key its team. */
class CostQueryAccessTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "sk-sb-admin-test-key-0123456789";
    private static final String ACME = "sk-sb-acme-tenant-key";
    private static final String ACME_SEARCH = "sk-sb-acme-search-team-key";
    private static final String GLOBEX = "sk-sb-globex-tenant-key";
    private static final String REVOKED = "sk-sb-acme-revoked-key";

    private final CostConfig config = CostConfig.defaults();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, VirtualKey> keys = Map.of(
            KeyHash.sha256Hex(ACME), key("acme-all", "acme", null, false),
            KeyHash.sha256Hex(ACME_SEARCH), key("acme-search", "acme", "search", false),
            KeyHash.sha256Hex(GLOBEX), key("globex-all", "globex", null, false),
            KeyHash.sha256Hex(REVOKED), key("acme-old", "acme", null, true));
    private CostQueryServer server;

    /** Every tenant has a tenant window, and a window per team: search and ads. */
    private final CostWindows windows = new CostWindows() {
        @Override
        public CostConfig config() {
            return config;
        }

        @Override
        public List<WindowedCost> windows(String tenant, String size, CostDimension by, Instant from, Instant to) {
            if (by == CostDimension.TEAM) {
                return List.of(window(tenant, size, "search"), window(tenant, size, "ads"));
            }
            return List.of(window(tenant, size, null));
        }

        @Override
        public SortedSet<String> tenants(Instant from, Instant to) {
            return new TreeSet<>(List.of("acme", "globex"));
        }
    };

    /** A tenant budget and a budget per team, each with spend. */
    private final SpendView spend = new SpendView() {
        @Override
        public List<SpendUpdate> spend(String tenant, BudgetPeriod period, Instant periodStart) {
            return List.of(spent(tenant, BudgetScope.TENANT, tenant, period, periodStart),
                    spent(tenant, BudgetScope.TEAM, "search", period, periodStart),
                    spent(tenant, BudgetScope.TEAM, "ads", period, periodStart));
        }

        @Override
        public GovernancePolicy policy(String tenant) {
            return GovernancePolicy.newBuilder().setTenant(tenant).setBudgets(List.of(
                    budget(BudgetScope.TENANT, null), budget(BudgetScope.TEAM, "search"), budget(BudgetScope.TEAM, "ads"))).build();
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Callers callers = Callers.of(Access.withAdminKey(ADMIN), hash -> Optional.ofNullable(keys.get(hash)), clock);
        server = CostQueryServer.start(windows, spend, AnswerWindows.NONE, CacheBoundView.NONE, clock, callers,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void shouldAskForACredentialWithoutOneOrWithAnUnknownOrRevokedKey() throws Exception {
        for (String key : new String[] {null, "sk-sb-not-issued", REVOKED}) {
            HttpResponse<String> response = get("/api/tenants/acme/windows", key);
            assertThat(response.statusCode()).as("key " + key).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(response.body()).doesNotContain("acme");
        }
        assertThat(get("/api/tenants", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/series", null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldServeThePageWithoutACredentialSinceItHoldsNoData() throws Exception {
        HttpResponse<String> page = get("/dashboard", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(CostQueryServer.DASHBOARD_CSP);
    }

    @Test
    void shouldKeepOneTenantsKeyOutOfAnotherTenantsWindowsBudgetsAndSpend() throws Exception {
        for (String what : List.of("windows", "total", "series", "summary", "answers", "budgets", "spend")) {
            HttpResponse<String> theirs = get("/api/tenants/globex/" + what, ACME);
            assertThat(theirs.statusCode()).as(what).isEqualTo(403);
            assertThat(theirs.body()).as(what).contains("not a key of tenant globex").doesNotContain(ACME);
            assertThat(get("/api/tenants/acme/" + what, ACME).statusCode()).as(what).isEqualTo(200);
        }
        JsonNode budgets = JSON.readTree(get("/api/tenants/acme/budgets", ACME).body());
        assertThat(budgets).as("the budgets with their alert thresholds, all of acme's").hasSize(3);
    }

    @Test
    void shouldListAndChartOnlyTheKeysOwnTenant() throws Exception {
        assertThat(JSON.readTree(get("/api/tenants", ACME).body())).extracting(JsonNode::asText).containsExactly("acme");
        assertThat(JSON.readTree(get("/api/tenants", ADMIN).body())).extracting(JsonNode::asText).containsExactly("acme", "globex");

        JsonNode own = JSON.readTree(get("/api/series?size=1m", ACME).body());
        assertThat(own.get("series")).extracting(s -> s.get("name").asText()).containsExactly("acme");
        JsonNode every = JSON.readTree(get("/api/series?size=1m", ADMIN).body());
        assertThat(every.get("series")).extracting(s -> s.get("name").asText()).containsExactly("acme", "globex");
    }

    @Test
    void shouldLetTheAdminReadEveryTenant() throws Exception {
        for (String tenant : List.of("acme", "globex")) {
            assertThat(get("/api/tenants/" + tenant + "/budgets", ADMIN).statusCode()).isEqualTo(200);
            assertThat(get("/api/tenants/" + tenant + "/windows", ADMIN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldGiveATeamsKeyItsTeamsRowsAndNotTheTenantsTotals() throws Exception {
        JsonNode teams = JSON.readTree(get("/api/tenants/acme/windows?by=team", ACME_SEARCH).body());
        assertThat(teams).extracting(w -> w.get("team").asText()).containsExactly("search");
        JsonNode budgets = JSON.readTree(get("/api/tenants/acme/budgets", ACME_SEARCH).body());
        assertThat(budgets).extracting(b -> b.get("scope").asText() + ":" + b.get("scope_id").asText()).containsExactly("TEAM:search");
        JsonNode rows = JSON.readTree(get("/api/tenants/acme/spend", ACME_SEARCH).body());
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.get("scope_id").asText()).isEqualTo("search"));

        for (String path : List.of("windows", "windows?by=model", "total", "summary", "answers", "series?by=team")) {
            HttpResponse<String> refused = get("/api/tenants/acme/" + path, ACME_SEARCH);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).contains("issued to team search");
        }
        assertThat(get("/api/series", ACME_SEARCH).statusCode()).isEqualTo(403);
        assertThat(get("/api/tenants/globex/windows?by=team", ACME_SEARCH).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static VirtualKey key(String id, String tenant, String team, boolean revoked) {
        return VirtualKey.newBuilder().setKeyId(id).setKeySha256("unused").setTenant(tenant).setTeam(team).setRevoked(revoked).build();
    }

    private static WindowedCost window(String tenant, String size, String team) {
        return WindowedCost.newBuilder().setTenant(tenant).setTeam(team).setWindow(size)
                .setWindowStart(NOW.minusSeconds(60)).setWindowEnd(NOW).setCalls(1).setCost(Money.of("0.000001000000")).build();
    }

    private static SpendUpdate spent(String tenant, BudgetScope scope, String id, BudgetPeriod period, Instant start) {
        return SpendUpdate.newBuilder().setTenant(tenant).setScope(scope).setScopeId(id).setPeriod(period).setPeriodStart(start)
                .setSpent(Money.of("0.000010000000")).setCalls(1).setUpdatedAt(NOW).build();
    }

    private static Budget budget(BudgetScope scope, String id) {
        return Budget.newBuilder().setScope(scope).setScopeId(id).setPeriod(BudgetPeriod.DAY).setHardLimit(Money.of("1")).build();
    }
}
