package dev.narthex.promql.value;

/** PromQL value types, named as Prometheus names them in errors and in the HTTP API's resultType. */
public enum ValueType {
    SCALAR("scalar"), STRING("string"), VECTOR("vector"), MATRIX("matrix");

    private final String apiName;

    ValueType(String apiName) {
        this.apiName = apiName;
    }

    /** The name used by the HTTP API ("vector") and, with a prefix, in type errors. */
    public String apiName() {
        return apiName;
    }

    /** The name used in parser errors: "instant vector", "range vector", "scalar", "string". */
    public String documentedName() {
        return switch (this) {
            case VECTOR -> "instant vector";
            case MATRIX -> "range vector";
            default -> apiName;
        };
    }
}
