package dev.narthex.promql.parse;

import dev.narthex.storage.text.PromDuration;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The PromQL front end: lexing, parsing, AST building and type checking as Prometheus 3 does them,
 * with every experimental feature enabled. Stateless and thread-safe.
 */
public final class PromqlParser {
    private PromqlParser() {
    }

    /**
     * Parses and type-checks a PromQL expression.
     *
     * @throws ParseException with Prometheus's message and position for the first error
     */
    public static Expr parseExpr(String input) {
        List<ParseError> errors = new ArrayList<>();
        PromqlLexer lexer = new PromqlLexer(input);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        PromQL.ExprEofContext tree = parse(tokens, lexer, errors, PromQL::exprEof);
        Expr result = null;
        if (tree != null) {
            result = new AstBuilder(errors).expr(tree.expr());
        }
        if (errors.isEmpty()) {
            result = new Checker(input, errors).check(result);
        }
        if (!errors.isEmpty()) {
            throw new ParseException(input, errors);
        }
        return result;
    }

    /**
     * Parses a series selector such as {@code up{job="x"}} or {@code {__name__=~"a.*"}} (the HTTP API's
     * {@code match[]}). No type checking is done, as in Prometheus.
     */
    public static List<Matcher> parseMetricSelector(String input) {
        List<ParseError> errors = new ArrayList<>();
        PromqlLexer lexer = new PromqlLexer(input);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        PromQL.SelectorEofContext tree = parse(tokens, lexer, errors, PromQL::selectorEof);
        VectorSelector vs = null;
        if (tree != null) {
            vs = new AstBuilder(errors).vectorSelector(tree.vectorSelector());
        }
        if (!errors.isEmpty()) {
            throw new ParseException(input, errors);
        }
        return vs.matchers();
    }

    /**
     * Parses a Prometheus duration ({@code 1h30m}, {@code 5m}, {@code 100ms}, {@code 0}).
     *
     * @return the duration in milliseconds
     * @throws IllegalArgumentException with Prometheus's message, e.g. {@code not a valid duration string: "x"}
     */
    public static long parseDuration(String s) {
        return PromDuration.parseMillis(s);
    }

    private interface Start<T extends ParserRuleContext> {
        T run(PromQL parser);
    }

    /** Fast SLL parse first; only a failing input is re-parsed with full LL for the exact error. */
    private static <T extends ParserRuleContext> T parse(CommonTokenStream tokens, PromqlLexer lexer,
                                                          List<ParseError> errors, Start<T> start) {
        PromQL parser = new PromQL(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            T tree = start.run(parser);
            return lexerErrorOr(lexer, errors) ? null : tree;
        } catch (ParseCancellationException sll) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            try {
                T tree = start.run(parser);
                return lexerErrorOr(lexer, errors) ? null : tree;
            } catch (ParseCancellationException ll) {
                RecognitionException re = ll.getCause() instanceof RecognitionException r ? r : null;
                List<ParseError> found = new ArrayList<>();
                if (lexer.error() != null) {
                    found.add(lexer.error());
                }
                if (re != null && re.getOffendingToken() != null) {
                    ParseError syntax = SyntaxErrors.describe(tokens, re);
                    if (syntax != null) {
                        found.add(syntax);
                    }
                }
                if (found.isEmpty()) {
                    found.add(new ParseError(0, 0, "unexpected error"));
                }
                // The earlier of the lexical and the syntax error is the one Prometheus's LALR(1)
                // parser would meet first.
                found.sort(Comparator.comparingInt(e -> e.positionRange().start()));
                errors.add(found.get(0));
                return null;
            }
        }
    }

    private static boolean lexerErrorOr(PromqlLexer lexer, List<ParseError> errors) {
        if (lexer.error() != null) {
            errors.add(lexer.error());
            return true;
        }
        return false;
    }
}
