package dev.switchboard.launcher;

/** The parts a Switchboard process can run; {@code up} runs them all in one JVM. */
public enum Component {
    ROUTER, WORKER, COST, GATEWAY
}
