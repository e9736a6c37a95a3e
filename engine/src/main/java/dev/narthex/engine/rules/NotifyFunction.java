package dev.narthex.engine.rules;

import java.util.List;

/** Receives alerts to send after each evaluation of an alerting rule (called on the evaluating thread). */
@FunctionalInterface
public interface NotifyFunction {
    void send(String expr, List<Alert> alerts);
}
