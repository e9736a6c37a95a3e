package dev.narthex.scraper.parse;

import java.nio.charset.StandardCharsets;

/** Parsers of either format reset onto a test string's UTF-8 bytes. */
final class ParserInput {
    private ParserInput() {
    }

    static PromTextParser text(String text) {
        return onto(new PromTextParser(), text);
    }

    static OpenMetricsParser openMetrics(String text) {
        return onto(new OpenMetricsParser(), text);
    }

    private static <P extends ExpositionParser> P onto(P parser, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        parser.reset(b, 0, b.length);
        return parser;
    }
}
