package dev.narthex.engine.template;

/** A template that does not parse or fails while executing; the message follows Go's text/template. */
public final class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message);
    }
}
