package dev.narthex.engine.template;

import java.util.List;

/** A function callable from a template; throws {@link IllegalArgumentException} for Go's "error calling" case. */
@FunctionalInterface
public interface TemplateFunction {
    Object call(List<Object> args);
}
