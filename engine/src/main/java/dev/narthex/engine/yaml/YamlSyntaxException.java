package dev.narthex.engine.yaml;

/** YAML that does not parse; the message names the line as go-yaml does. */
public final class YamlSyntaxException extends Exception {
    public YamlSyntaxException(String message) {
        super(message);
    }
}
