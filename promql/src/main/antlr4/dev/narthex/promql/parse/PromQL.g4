/*
 * PromQL expression grammar (Prometheus 3 syntax, experimental features included).
 *
 * Tokens come from the hand-written PromqlLexer: PromQL's lexer is stateful (label names inside
 * braces are never keywords, brackets switch to duration syntax, fill keywords only count before
 * "(") and its error messages must match Prometheus's, which a generated lexer cannot express.
 *
 * Precedence follows Prometheus's yacc grammar: alternatives listed first bind tighter. The postfix
 * modifiers (ranges, subqueries, offset, @, anchored, smoothed) bind tightest, then "^" (right
 * associative), then unary +/- (so -a^b is -(a^b) but -a*b is (-a)*b), then * / % atan2, + -,
 * comparisons, and/unless, or.
 */
parser grammar PromQL;

tokens {
    COMMA, EQL, COLON, IDENTIFIER, METRIC_IDENTIFIER, NUMBER, DURATION, STRING,
    LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, LEFT_PAREN, RIGHT_PAREN,
    ADD, SUB, MUL, DIV, MOD, POW, EQLC, NEQ, LSS, LTE, GTR, GTE, TRIM_UPPER, TRIM_LOWER,
    EQL_REGEX, NEQ_REGEX, AT, ATAN2, LAND, LOR, LUNLESS,
    AVG, BOTTOMK, COUNT, COUNT_VALUES, GROUP, MAX, MIN, QUANTILE, STDDEV, STDVAR, SUM, TOPK, LIMITK, LIMIT_RATIO,
    BOOL, BY, GROUP_LEFT, GROUP_RIGHT, FILL, FILL_LEFT, FILL_RIGHT, IGNORING, OFFSET, SMOOTHED, ANCHORED, ON, WITHOUT,
    START, END, STEP, RANGE, MAX_OF, MIN_OF
}

exprEof
    : expr EOF
    ;

selectorEof
    : vectorSelector EOF
    ;

expr
    : expr LEFT_BRACKET durationExpr RIGHT_BRACKET                                     # matrixSelector
    | expr LEFT_BRACKET durationExpr COLON durationExpr? RIGHT_BRACKET                  # subquery
    | expr OFFSET offsetDuration                                                       # offset
    | expr AT atValue                                                                  # at
    | expr ANCHORED                                                                    # anchored
    | expr SMOOTHED                                                                    # smoothed
    | <assoc=right> expr op=POW binModifiers expr                                      # binary
    | op=(ADD | SUB) expr                                                              # unary
    | expr op=(MUL | DIV | MOD | ATAN2) binModifiers expr                              # binary
    | expr op=(ADD | SUB) binModifiers expr                                            # binary
    | expr op=(EQLC | NEQ | LSS | LTE | GTR | GTE | TRIM_UPPER | TRIM_LOWER) binModifiers expr # binary
    | expr op=(LAND | LUNLESS) binModifiers expr                                       # binary
    | expr op=LOR binModifiers expr                                                    # binary
    | aggregateOp aggregateModifier callBody                                           # aggregate
    | aggregateOp callBody aggregateModifier?                                          # aggregate
    | functionName callBody                                                            # call
    | LEFT_PAREN expr RIGHT_PAREN                                                      # paren
    | (NUMBER | DURATION)                                                              # number
    | STRING                                                                           # string
    | vectorSelector                                                                   # selector
    ;

binModifiers
    : BOOL? ((ON | IGNORING) groupingLabels ((GROUP_LEFT | GROUP_RIGHT) groupingLabels?)?)? fillModifiers?
    ;

fillModifiers
    : FILL fillValue
    | FILL_LEFT fillValue (FILL_RIGHT fillValue)?
    | FILL_RIGHT fillValue (FILL_LEFT fillValue)?
    ;

fillValue
    : LEFT_PAREN (ADD | SUB)? (NUMBER | DURATION) RIGHT_PAREN
    ;

aggregateOp
    : AVG | BOTTOMK | COUNT | COUNT_VALUES | GROUP | MAX | MIN | QUANTILE | STDDEV | STDVAR | SUM | TOPK
    | LIMITK | LIMIT_RATIO
    ;

aggregateModifier
    : (BY | WITHOUT) groupingLabels
    ;

groupingLabels
    : LEFT_PAREN (groupingLabel (COMMA groupingLabel)* COMMA?)? RIGHT_PAREN
    ;

// Inside grouping clauses keywords are label names too (Prometheus's maybe_label; WITHOUT is not one).
groupingLabel
    : STRING
    | AVG | BOOL | BOTTOMK | BY | COUNT | COUNT_VALUES | GROUP | GROUP_LEFT | GROUP_RIGHT | FILL | FILL_LEFT
    | FILL_RIGHT | IDENTIFIER | IGNORING | LAND | LOR | LUNLESS | MAX | METRIC_IDENTIFIER | MIN | OFFSET | ON
    | QUANTILE | STDDEV | STDVAR | SUM | TOPK | START | END | ATAN2 | LIMITK | LIMIT_RATIO | STEP | RANGE
    | ANCHORED | SMOOTHED | MAX_OF | MIN_OF
    ;

functionName
    : IDENTIFIER | START | END | STEP | RANGE | MAX_OF | MIN_OF
    ;

callBody
    : LEFT_PAREN (expr (COMMA expr)* trailingComma=COMMA?)? RIGHT_PAREN
    ;

vectorSelector
    : metricIdentifier labelMatchers?
    | labelMatchers
    ;

metricIdentifier
    : AVG | BOTTOMK | BY | COUNT | COUNT_VALUES | FILL | FILL_LEFT | FILL_RIGHT | GROUP | IDENTIFIER | LAND | LOR
    | LUNLESS | MAX | METRIC_IDENTIFIER | MIN | OFFSET | QUANTILE | STDDEV | STDVAR | SUM | TOPK | WITHOUT | START
    | END | LIMITK | LIMIT_RATIO | STEP | RANGE | ANCHORED | SMOOTHED | MAX_OF | MIN_OF
    ;

labelMatchers
    : LEFT_BRACE (labelMatcher (COMMA labelMatcher)* COMMA?)? RIGHT_BRACE
    ;

labelMatcher
    : (IDENTIFIER | STRING) matchOp STRING   # matcherWithOp
    | STRING                                 # nameMatcher
    ;

matchOp
    : EQL | NEQ | EQL_REGEX | NEQ_REGEX
    ;

atValue
    : sign=(ADD | SUB)? (NUMBER | DURATION)   # atTimestamp
    | (START | END) LEFT_PAREN RIGHT_PAREN    # atStartEnd
    ;

// The operand of offset is one signed term: "foo offset 2 ^ 2" is (foo offset 2) ^ 2.
offsetDuration
    : sign=(ADD | SUB)? durationTerm
    ;

durationTerm
    : (NUMBER | DURATION)                                                  # durationLiteral
    | STEP LEFT_PAREN RIGHT_PAREN                                          # durationStep
    | RANGE LEFT_PAREN RIGHT_PAREN                                         # durationRange
    | fn=(MAX_OF | MIN_OF) LEFT_PAREN durationExpr COMMA durationExpr RIGHT_PAREN # durationMinMax
    | LEFT_PAREN durationExpr RIGHT_PAREN                                  # durationParen
    ;

durationExpr
    : <assoc=right> durationExpr op=POW durationExpr          # durationBinary
    | op=(ADD | SUB) durationExpr                              # durationUnary
    | durationExpr op=(MUL | DIV | MOD) durationExpr           # durationBinary
    | durationExpr op=(ADD | SUB) durationExpr                 # durationBinary
    | durationTerm                                             # durationPrimary
    ;
