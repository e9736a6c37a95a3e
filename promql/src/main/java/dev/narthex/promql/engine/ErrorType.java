package dev.narthex.promql.engine;

/** Prometheus's API error types, as reported in the {@code errorType} field. */
public enum ErrorType {
    BAD_DATA("bad_data"), EXECUTION("execution"), TIMEOUT("timeout"), CANCELED("canceled"), INTERNAL("internal");

    private final String apiName;

    ErrorType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
