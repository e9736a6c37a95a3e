package dev.narthex.engine.rules;

/** A rule's health as the API shows it. */
public enum RuleHealth {
    UNKNOWN("unknown"), OK("ok"), ERR("err");

    private final String apiName;

    RuleHealth(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
