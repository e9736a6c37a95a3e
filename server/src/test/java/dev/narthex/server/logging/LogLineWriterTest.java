package dev.narthex.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

class LogLineWriterTest {
    private static final Instant T = Instant.parse("2023-11-14T22:13:20.123Z");

    @AfterEach
    void restore() {
        LogSettings.configure(Level.INFO, LogFormat.LOGFMT);
        LogSettings.output(System.err);
    }

    @Test
    void logfmt() {
        assertEquals("time=2023-11-14T22:13:20.123Z level=INFO source=Main msg=\"Server is ready\" address=127.0.0.1:9090 err=\"a \\\"b\\\"\"",
                LogLineWriter.render(LogFormat.LOGFMT, T, Level.INFO, "Main", "Server is ready",
                        List.of(new KeyValuePair("address", "127.0.0.1:9090"), new KeyValuePair("err", "a \"b\"")), null));
    }

    @Test
    void logfmtQuotesControlCharactersAsGo() {
        assertEquals("time=2023-11-14T22:13:20.123Z level=INFO source=Main msg=\"a\\x01b\\tc\"",
                LogLineWriter.render(LogFormat.LOGFMT, T, Level.INFO, "Main", "a\u0001b\tc", null, null));
    }

    @Test
    void json() {
        assertEquals("{\"time\":\"2023-11-14T22:13:20.123Z\",\"level\":\"WARN\",\"source\":\"Main\",\"msg\":\"line\\nbreak\",\"n\":\"3\"}",
                LogLineWriter.render(LogFormat.JSON, T, Level.WARN, "Main", "line\nbreak", List.of(new KeyValuePair("n", 3)), null));
    }

    @Test
    void slf4jGoesThroughTheProviderWithLevels() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LogSettings.output(new PrintStream(buf, true, StandardCharsets.UTF_8));
        LogSettings.configure(Level.WARN, LogFormat.JSON);
        Logger log = LoggerFactory.getLogger("dev.narthex.Test");
        log.info("hidden");
        log.atWarn().addKeyValue("k", "v").log("shown {}", 1);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(!out.contains("hidden"), out);
        assertTrue(out.contains("\"level\":\"WARN\",\"source\":\"Test\",\"msg\":\"shown 1\",\"k\":\"v\"}"), out);
    }
}
