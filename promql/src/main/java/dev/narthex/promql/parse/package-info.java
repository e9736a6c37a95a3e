/**
 * The PromQL front end. {@link dev.narthex.promql.parse.PromqlParser} turns query text into the
 * immutable AST of {@code dev.narthex.promql.ast}: a hand-written lexer ported from Prometheus's state
 * machine feeds the ANTLR grammar {@code PromQL.g4}; the parse tree is built into AST nodes with the
 * checks of Prometheus's grammar actions, then type-checked as Prometheus's {@code checkAST} does.
 * Errors carry Prometheus's messages and positions ({@code line:col: parse error: msg}).
 */
package dev.narthex.promql.parse;
