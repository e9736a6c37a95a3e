/**
 * The PromQL abstract syntax tree: immutable records implementing the sealed {@link
 * dev.narthex.promql.ast.Expr}, with source positions, {@link dev.narthex.promql.ast.ExprVisitor} for
 * dispatch, the function table {@link dev.narthex.promql.ast.Functions}, and Prometheus-identical
 * printing ({@link dev.narthex.promql.ast.Printer} for {@code String()},
 * {@link dev.narthex.promql.ast.Prettifier} for {@code format_query}).
 */
package dev.narthex.promql.ast;
