package dev.narthex.scraper.config;

/**
 * How to authenticate to and trust a target. Absent parts are null. {@code bearer_token(_file)} is folded
 * into {@link Authorization} with type {@code Bearer}, as Prometheus does.
 */
public record HttpClientConfig(BasicAuth basicAuth, Authorization authorization, TlsConfig tls) {
    public static final HttpClientConfig DEFAULT = new HttpClientConfig(null, null, TlsConfig.NONE);

    /** {@code basic_auth}: the password inline or read from a file at each scrape. */
    public record BasicAuth(String username, String usernameFile, String password, String passwordFile) {
    }

    /** {@code authorization}: a credentials type (default Bearer) and credentials inline or from a file. */
    public record Authorization(String type, String credentials, String credentialsFile) {
    }

    /** {@code tls_config}; empty strings for unset files. */
    public record TlsConfig(String caFile, String certFile, String keyFile, String serverName, boolean insecureSkipVerify) {
        public static final TlsConfig NONE = new TlsConfig("", "", "", "", false);
    }
}
