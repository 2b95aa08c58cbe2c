package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseCodecs;
import dev.switchboard.router.budget.lease.LeaseGrant;
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

    private static LeaseMessage roundTrip(LeaseMessage message) {
        return LeaseCodecs.MESSAGES.deserializer().deserialize("t", LeaseCodecs.MESSAGES.serializer().serialize("t", message));
    }
}
