package dev.narthex.engine.rules;

/** An alert's state; ordered so that the maximum over a rule's alerts is the rule's state. */
public enum AlertState {
    UNKNOWN("unknown"), INACTIVE("inactive"), PENDING("pending"), FIRING("firing");

    private final String apiName;

    AlertState(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
