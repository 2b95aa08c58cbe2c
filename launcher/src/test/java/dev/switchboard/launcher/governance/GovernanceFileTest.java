package dev.switchboard.launcher.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.governance.Governance;
import dev.switchboard.router.governance.VirtualKeyHash;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.VerifiedAnswer;
import dev.switchboard.schemas.VirtualKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GovernanceFileTest {
    @Test
    void shouldReadTheShippedExampleIntoExactRecords() throws Exception {
        GovernanceFile file = GovernanceFile.parse(Files.readAllBytes(Path.of("../ops/governance.yaml")));

        Map<String, GovernancePolicy> policies = GovernanceRecords.policies(file, 7);
        assertThat(policies).containsKeys(Governance.DEFAULTS, "acme", "globex");
        GovernancePolicy acme = policies.get("acme");
        assertThat(acme.getBudgets()).hasSize(3);
        assertThat(acme.getBudgets().get(0).getScope()).isEqualTo(BudgetScope.TENANT);
        assertThat(acme.getBudgets().get(0).getPeriod()).isEqualTo(BudgetPeriod.MONTH);
        assertThat(acme.getBudgets().get(0).getHardLimit()).isEqualByComparingTo(new BigDecimal("500.00"));
        assertThat(acme.getBudgets().get(2).getScopeId()).as("no id: each key").isNull();
        assertThat(acme.getMaxTokensPerSession()).isEqualTo(200_000L);
        assertThat(acme.getConfigVersion()).isEqualTo(7);

        Map<String, VirtualKey> keys = GovernanceRecords.keys(file, 7);
        VirtualKey ci = keys.get(VirtualKeyHash.sha256Hex("sk-sb-example-acme-search-ci"));
        assertThat(ci).as("keys are found by the hash of the key").isNotNull();
        assertThat(ci.getAllowedTiers()).containsExactly(Tier.STANDARD, Tier.BATCH);
        assertThat(keys.get(VirtualKeyHash.sha256Hex("sk-sb-example-acme-retired")).getRevoked()).isTrue();
    }

    @Test
    void shouldTakeMoneyExactlyEvenWhenWrittenAsANumber() throws Exception {
        GovernanceFile file = parse("tenants: {t: {budgets: [{scope: team, id: a, period: day, hard: 0.1}]}}");

        assertThat(GovernanceRecords.policies(file, 1).get("t").getBudgets().get(0).getHardLimit().stripTrailingZeros().toPlainString()).isEqualTo("0.1");
    }

    @Test
    void shouldRefuseAFileThatWouldNotDoWhatItSays() {
        assertThatThrownBy(() -> parse("tenants: {t: {downgradeModel: m, budgets: [{scope: tenant, period: day, hard: 1, soft: 2}]}}"))
                .hasMessageContaining("above the hard limit");
        assertThatThrownBy(() -> parse("tenants: {t: {budgets: [{scope: tenant, period: day, soft: 1}]}}"))
                .hasMessageContaining("needs a downgradeModel");
        assertThatThrownBy(() -> parse("tenants: {t: {budgets: [{scope: tenant, period: week, hard: 1}]}}"))
                .hasMessageContaining("period must be one of");
        assertThatThrownBy(() -> parse("tenants: {t: {rateLimits: [{scope: key}]}}")).hasMessageContaining("needs rpm or tpm");
        assertThatThrownBy(() -> parse("keys: [{id: k, tenant: t, sha256: sk-sb-the-key-itself}]")).hasMessageContaining("64 lower-case hex");
        assertThatThrownBy(() -> parse("tenants: {t: {budget: []}}")).as("a misspelt field is an error, not ignored")
                .hasMessageContaining("budget");
    }

    @Test
    void shouldReadATenantsCacheBoundAndRefuseOneOutOfRange() throws Exception {
        GovernancePolicy acme = GovernanceRecords.policies(GovernanceFile.parse(Files.readAllBytes(Path.of("../ops/governance.yaml"))), 1).get("acme");
        assertThat(acme.getCacheBound().getTargetFalseHitRate()).isEqualTo(0.02);
        assertThat(acme.getCacheBound().getVerifyFraction()).isEqualTo(0.05);
        assertThat(acme.getCacheBound().getServe()).isEqualTo(VerifiedAnswer.CACHED);
        assertThat(GovernanceRecords.policies(parse("tenants: {t: {cacheBound: {target: 0.05, serve: fresh}}}"), 1).get("t").getCacheBound())
                .satisfies(b -> {
                    assertThat(b.getVerifyFraction()).as("the default fraction").isEqualTo(0.05);
                    assertThat(b.getServe()).isEqualTo(VerifiedAnswer.FRESH);
                });
        assertThat(GovernanceRecords.policies(parse("tenants: {t: {requireKey: false}}"), 1).get("t").getCacheBound()).isNull();

        assertThatThrownBy(() -> parse("tenants: {t: {cacheBound: {target: 2}}}")).hasMessageContaining("tenants.t.cacheBound").hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> parse("tenants: {t: {cacheBound: {target: 0.02, verifyFraction: 1.5}}}")).hasMessageContaining("verifyFraction");
        assertThatThrownBy(() -> parse("tenants: {t: {cacheBound: {verifyFraction: 0.1}}}")).hasMessageContaining("target must be set");
        assertThatThrownBy(() -> parse("tenants: {t: {cacheBound: {target: 0.02, serve: stale}}}")).hasMessageContaining("serve must be one of");
    }

    private static GovernanceFile parse(String yaml) throws Exception {
        return GovernanceFile.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
