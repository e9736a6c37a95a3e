package dev.narthex.promql.parse;

import dev.narthex.storage.text.GoQuote;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Words syntax errors as Prometheus's yacc grammar does: {@code unexpected <token> [in <context>]
 * [, expected <what>]}, naming the token as Prometheus's {@code Item.desc()} does.
 */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    static ParseError describe(CommonTokenStream tokens, RecognitionException re) {
        Token t = re.getOffendingToken();
        int index = t.getTokenIndex();
        Token prev = index > 0 ? tokens.get(index - 1) : null;
        if (t.getType() == Token.EOF && prev == null) {
            return new ParseError(0, 0, "no expression found in input");
        }
        String msg = "unexpected " + desc(t) + context(tokens, re.getCtx(), t, prev);
        int start = t.getStartIndex();
        int end = t.getType() == Token.EOF ? start : t.getStopIndex() + 1;
        return new ParseError(start, end, msg);
    }

    private static boolean inRule(RuleContext ctx, int ruleIndex) {
        for (RuleContext c = ctx; c != null; c = c.parent) {
            if (c.getRuleIndex() == ruleIndex) {
                return true;
            }
        }
        return false;
    }

    private static String context(CommonTokenStream tokens, RuleContext ctx, Token t, Token prev) {
        int p = prev == null ? -1 : prev.getType();
        if (inRule(ctx, PromQL.RULE_labelMatchers) || inRule(ctx, PromQL.RULE_labelMatcher)) {
            if (p == PromQL.IDENTIFIER) {
                return " in label matching, expected label matching operator";
            }
            if (p == PromQL.EQL || p == PromQL.NEQ || p == PromQL.EQL_REGEX || p == PromQL.NEQ_REGEX) {
                return " in label matching, expected string";
            }
            if (p == PromQL.LEFT_BRACE || p == PromQL.COMMA) {
                return " in label matching, expected identifier or \"}\"";
            }
            return " in label matching, expected \",\" or \"}\"";
        }
        if (inRule(ctx, PromQL.RULE_groupingLabels) || inRule(ctx, PromQL.RULE_aggregateModifier)) {
            if (p == PromQL.BY || p == PromQL.WITHOUT || p == PromQL.ON || p == PromQL.IGNORING) {
                return " in grouping opts, expected \"(\"";
            }
            if (p == PromQL.LEFT_PAREN || p == PromQL.COMMA) {
                return " in grouping opts, expected label";
            }
            return " in grouping opts, expected \",\" or \")\"";
        }
        if (inRule(ctx, PromQL.RULE_atValue) || p == PromQL.AT) {
            return " in @, expected timestamp";
        }
        if (inRule(ctx, PromQL.RULE_offsetDuration) || p == PromQL.OFFSET) {
            return " in offset, expected number, duration, step(), or range()";
        }
        if (ctx instanceof PromQL.CallBodyContext && ctx.parent instanceof PromQL.AggregateContext
                && p == PromQL.RIGHT_PAREN && ((PromQL.CallBodyContext) ctx).getStart() == t) {
            // "sum by (a) 1": the body's "(" is missing after the grouping clause.
            return " in aggregation";
        }
        if (insideBracket(tokens, t)) {
            return bracketContext(tokens, t, p);
        }
        return "";
    }

    private static boolean insideBracket(CommonTokenStream tokens, Token t) {
        for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
            int type = tokens.get(i).getType();
            if (type == PromQL.LEFT_BRACKET) {
                return true;
            }
            if (type == PromQL.RIGHT_BRACKET) {
                return false;
            }
        }
        return false;
    }

    /** Contexts inside {@code [...]}: before the colon, after it, or after a complete duration. */
    private static String bracketContext(CommonTokenStream tokens, Token t, int p) {
        boolean colon = false;
        for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
            int type = tokens.get(i).getType();
            if (type == PromQL.LEFT_BRACKET) {
                break;
            }
            colon |= type == PromQL.COLON;
        }
        boolean complete = p == PromQL.NUMBER || p == PromQL.DURATION || p == PromQL.RIGHT_PAREN;
        if (colon) {
            return complete ? " in subquery selector, expected \"]\""
                    : " in subquery selector, expected number, duration, step(), range(), or \"]\"";
        }
        return complete ? " in subquery or range, expected \":\" or \"]\""
                : " in subquery or range selector, expected number, duration, step(), or range()";
    }

    private static boolean isAggregator(int type) {
        return type >= PromQL.AVG && type <= PromQL.LIMIT_RATIO;
    }

    private static boolean isOperator(int type) {
        return (type >= PromQL.ADD && type <= PromQL.LUNLESS);
    }

    private static boolean isKeyword(int type) {
        return type >= PromQL.BOOL && type <= PromQL.WITHOUT;
    }

    /** Prometheus's {@code Item.desc()}. */
    static String desc(Token t) {
        int type = t.getType();
        String val = t.getText();
        if (type == Token.EOF) {
            return "end of input";
        }
        if (isKeyword(type)) {
            return "<" + val + ">";
        }
        if (isOperator(type)) {
            return "<op:" + val + ">";
        }
        if (isAggregator(type)) {
            return "<aggr:" + val + ">";
        }
        return switch (type) {
            case PromQL.IDENTIFIER -> "identifier " + GoQuote.quote(val);
            case PromQL.METRIC_IDENTIFIER -> "metric identifier " + GoQuote.quote(val);
            case PromQL.STRING -> "string " + shortQuote(val);
            case PromQL.NUMBER -> "number " + shortQuote(val);
            case PromQL.DURATION -> "duration " + shortQuote(val);
            default -> shortQuote(val);
        };
    }

    /** Go's {@code %q}, or {@code %.10q...} for values longer than 10 bytes. */
    private static String shortQuote(String val) {
        if (val.length() > 10) {
            return GoQuote.quote(val.substring(0, 10)) + "...";
        }
        return GoQuote.quote(val);
    }
}
