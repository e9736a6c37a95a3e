package dev.narthex.server.api;

/**
 * An API failure with Prometheus's error type ({@code bad_data}, {@code execution}, ...) and message;
 * the HTTP status follows from the type as in Prometheus's {@code getDefaultErrorCode}.
 */
public final class ApiException extends RuntimeException {
    private final String errorType;

    public ApiException(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    public static ApiException badData(String message) {
        return new ApiException("bad_data", message);
    }

    /** Prometheus's {@code invalid parameter "NAME": REASON}. */
    public static ApiException invalidParam(String param, String reason) {
        return badData("invalid parameter \"" + param + "\": " + reason);
    }

    public String errorType() {
        return errorType;
    }

    public int httpStatus() {
        return switch (errorType) {
            case "bad_data" -> 400;
            case "execution" -> 422;
            case "canceled" -> 499;
            case "timeout" -> 503;
            case "not_found" -> 404;
            case "not_acceptable" -> 406;
            default -> 500;
        };
    }
}
