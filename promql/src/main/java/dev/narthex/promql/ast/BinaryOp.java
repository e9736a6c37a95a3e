package dev.narthex.promql.ast;

/** Binary operators, with Prometheus's precedence (higher binds tighter). */
public enum BinaryOp {
    ADD("+", 4), SUB("-", 4), MUL("*", 5), DIV("/", 5), MOD("%", 5), ATAN2("atan2", 5), POW("^", 6),
    EQLC("==", 3), NEQ("!=", 3), GTR(">", 3), LSS("<", 3), GTE(">=", 3), LTE("<=", 3),
    /** {@code </}: trims native histogram buckets above the scalar. */
    TRIM_UPPER("</", 3),
    /** {@code >/}: trims native histogram buckets below the scalar. */
    TRIM_LOWER(">/", 3),
    LAND("and", 2), LUNLESS("unless", 2), LOR("or", 1);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return this == EQLC || this == NEQ || this == GTR || this == LSS || this == GTE || this == LTE;
    }

    public boolean isSetOperator() {
        return this == LAND || this == LOR || this == LUNLESS;
    }

    public boolean isRightAssociative() {
        return this == POW;
    }
}
