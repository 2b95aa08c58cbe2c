package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CrashPointsTest {
    @Test
    void shouldBeOffWithoutTheEnvironment() {
        assertThat(CrashPoints.fromEnvironment(Map.of()).enabled()).isFalse();
    }

    @Test
    void shouldReadPointsAndACount() {
        CrashPoints points = CrashPoints.fromEnvironment(Map.of(CrashPoints.AT_ENV, "after-call,after-write", CrashPoints.AFTER_ENV, "3"));
        assertThat(points.enabled()).isTrue();
        // Not chosen: passing it never halts, however often.
        for (int i = 0; i < 10; i++) {
            points.reached(CrashPoints.Point.BEFORE_CALL);
        }
        // Chosen, but not yet its turn.
        points.reached(CrashPoints.Point.AFTER_CALL);
        points.reached(CrashPoints.Point.AFTER_WRITE);
    }

    @Test
    void shouldRefuseUnknownPointsAndMissingTriggers() {
        assertThatThrownBy(() -> CrashPoints.fromEnvironment(Map.of(CrashPoints.AT_ENV, "mid-call", CrashPoints.AFTER_ENV, "1")))
                .hasMessageContaining("mid-call").hasMessageContaining("before-call, after-call, after-write");
        assertThatThrownBy(() -> CrashPoints.fromEnvironment(Map.of(CrashPoints.AT_ENV, "any")))
                .hasMessageContaining(CrashPoints.AFTER_ENV);
        assertThatThrownBy(() -> CrashPoints.fromEnvironment(Map.of(CrashPoints.AT_ENV, "any", CrashPoints.PROBABILITY_ENV, "2")))
                .hasMessageContaining("[0, 1]");
    }
}
