/**
 * Go's text/template as Prometheus alert templates use it ({@link dev.narthex.engine.template.Template}),
 * Go's fmt verbs ({@link dev.narthex.engine.template.GoFormat}) and Prometheus's template functions
 * ({@link dev.narthex.engine.template.Expander}). Outputs and error texts follow Go and Prometheus
 * exactly; {@code define}/{@code template}/{@code block} are not supported.
 */
package dev.narthex.engine.template;
