package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseKind;
import dev.switchboard.router.budget.lease.LeaseMessage;
import dev.switchboard.router.budget.lease.LeaseReturn;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseCodecsTest {
    @Test
    void shouldCarryAsksReturnsAndGrantsToTheLastDigit() {
        LeaseMessage ask = new LeaseAsk("batch", 7, "acme", List.of(new LeaseAsk.Line("k1", 99, new BigDecimal("5.00"),
                new BigDecimal("0.000012345678"), new BigDecimal("0.0002"))));
        LeaseMessage given = new LeaseReturn("interactive", "acme", List.of(new LeaseReturn.Line("k1", 99, new BigDecimal("0.1"), new BigDecimal("0.000000000001"))));
        LeaseGrant grant = new LeaseGrant("batch", 7, "acme", List.of(new LeaseGrant.Line("k1", 99, BigDecimal.ZERO, new BigDecimal("4.99"),
                new BigDecimal("0.01"), new BigDecimal("0"))));

        assertThat(roundTrip(ask)).isEqualTo(ask);
        assertThat(roundTrip(given)).isEqualTo(given);
        assertThat(LeaseCodecs.GRANTS.deserializer().deserialize("t", LeaseCodecs.GRANTS.serializer().serialize("t", grant))).isEqualTo(grant);
        assertThat(grant.lines().get(0).denied()).isTrue();
    }

    @Test
    void shouldCarryTheKindOfEveryLineAndWhenARateLimitWasLastUsed() {
        LeaseMessage ask = new LeaseAsk("batch/limits", 3, "acme", List.of(
                new LeaseAsk.Line(LeaseKind.RATE, "acme\u001frate", 0, new BigDecimal("60"), BigDecimal.ONE, new BigDecimal("16")),
                new LeaseAsk.Line(LeaseKind.SESSION, "acme\u001fsession", 86_400_000L, new BigDecimal("2000"), new BigDecimal("110"), new BigDecimal("1760"))));
        LeaseMessage given = new LeaseReturn("batch/limits", "acme", List.of(
                new LeaseReturn.Line(LeaseKind.RATE, "acme\u001frate", 0, new BigDecimal("3"), new BigDecimal("13"), 1_795_600_859_000L)));

        assertThat(roundTrip(ask)).isEqualTo(ask);
        assertThat(roundTrip(given)).isEqualTo(given);
    }

    @Test
    void shouldReadAnAskOfTheFirstLayoutAsBudgetLines() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF("standard");
            out.writeUTF("acme");
            out.writeByte(1); // an ask
            out.writeLong(4);
            out.writeInt(1);
            out.writeUTF("k1");
            out.writeLong(99);
            out.writeUTF("5.00");
            out.writeUTF("0.1");
            out.writeUTF("0.2");
        }

        assertThat(LeaseCodecs.MESSAGES.deserializer().deserialize("t", bytes.toByteArray())).isEqualTo(new LeaseAsk("standard", 4, "acme",
                List.of(new LeaseAsk.Line(LeaseKind.BUDGET, "k1", 99, new BigDecimal("5.00"), new BigDecimal("0.1"), new BigDecimal("0.2")))));
    }

    private static LeaseMessage roundTrip(LeaseMessage message) {
        return LeaseCodecs.MESSAGES.deserializer().deserialize("t", LeaseCodecs.MESSAGES.serializer().serialize("t", message));
    }
}
