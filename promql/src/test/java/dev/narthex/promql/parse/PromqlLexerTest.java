package dev.narthex.promql.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

class PromqlLexerTest {
    /** Tokens as "TYPE@start:text", and the lexical error if any. */
    private static List<String> lex(String input) {
        PromqlLexer lexer = new PromqlLexer(input);
        List<String> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            out.add(PromQL.VOCABULARY.getSymbolicName(t.getType()) + "@" + t.getStartIndex() + ":" + t.getText());
        }
        if (lexer.error() != null) {
            out.add("ERROR@" + lexer.error().positionRange().start() + ":" + lexer.error().message());
        }
        return out;
    }

    @Test
    void keywordsAreCaseInsensitiveOutsideBraces() {
        assertEquals(List.of("SUM@0:SUM", "BY@4:By", "LEFT_PAREN@7:(", "IDENTIFIER@8:a", "RIGHT_PAREN@9:)"),
                lex("SUM By (a)"));
    }

    @Test
    void insideBracesEveryWordIsALabelName() {
        assertEquals(List.of("LEFT_BRACE@0:{", "IDENTIFIER@1:offset", "NEQ_REGEX@7:!~", "STRING@9:'x'",
                "COMMA@12:,", "IDENTIFIER@13:nan", "EQL@16:=", "STRING@17:\"y\"", "RIGHT_BRACE@20:}"),
                lex("{offset!~'x',nan=\"y\"}"));
    }

    @Test
    void metricIdentifiersWithColons() {
        assertEquals(List.of("METRIC_IDENTIFIER@0:job:rate:5m", "IDENTIFIER@12:plain"), lex("job:rate:5m plain"));
    }

    @Test
    void bracketsSwitchToDurationSyntax() {
        assertEquals(List.of("IDENTIFIER@0:x", "LEFT_BRACKET@1:[", "DURATION@3:5m", "COLON@5::", "STEP@6:step",
                "LEFT_PAREN@10:(", "RIGHT_PAREN@11:)", "MUL@12:*", "NUMBER@13:2", "RIGHT_BRACKET@14:]"),
                lex("x[ 5m:step()*2]"));
        assertEquals(List.of("IDENTIFIER@0:x", "LEFT_BRACKET@1:[", "DURATION@2:5m",
                "ERROR@5:unexpected character: 'x', expected ':'"), lex("x[5m x]"));
    }

    @Test
    void fillIsAKeywordOnlyBeforeAParenthesis() {
        assertEquals(List.of("IDENTIFIER@0:fill", "FILL_LEFT@5:fill_left", "LEFT_PAREN@16:(", "NUMBER@17:1",
                "RIGHT_PAREN@18:)"), lex("fill fill_left  (1)"));
    }

    @Test
    void numbersAndDurations() {
        assertEquals(List.of("NUMBER@0:0x1F", "NUMBER@5:1_000", "NUMBER@11:1.5e-3", "NUMBER@18:Inf",
                "DURATION@22:1h30m", "NUMBER@28:.5"), lex("0x1F 1_000 1.5e-3 Inf 1h30m .5"));
        assertEquals(List.of("ERROR@0:bad number or duration syntax: \"1_\""), lex("1_"));
        assertEquals(List.of("ERROR@0:bad number or duration syntax: \"5mx\""), lex("5mx"));
    }

    @Test
    void commentsAreSkipped() {
        assertEquals(List.of("NUMBER@0:1", "ADD@10:+", "NUMBER@12:2"), lex("1 # one\r\n + 2 # two"));
    }

    @Test
    void stringEscapeErrors() {
        assertEquals(List.of("ERROR@0:unknown escape sequence U+0071 'q'"), lex("\"\\q\""));
        assertEquals(List.of("ERROR@0:escape sequence is an invalid Unicode code point"), lex("'\\U00110000'"));
        assertEquals(List.of("ERROR@0:unterminated quoted string"), lex("\"abc\ndef\""));
        assertEquals(List.of("STRING@0:`a\nb`"), lex("`a\nb`"));
    }

    @Test
    void operatorErrors() {
        assertEquals(List.of("IDENTIFIER@0:a", "ERROR@2:unexpected character after '!': '\ufffd'"), lex("a !"));
        assertEquals(List.of("ERROR@0:unexpected character: '$'"), lex("$"));
        assertNull(new PromqlLexer("a </ b >/ c").error());
        assertEquals(List.of("IDENTIFIER@0:a", "TRIM_UPPER@2:</", "IDENTIFIER@5:b"), lex("a </ b"));
    }
}
