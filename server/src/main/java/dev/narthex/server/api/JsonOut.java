package dev.narthex.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.StringValue;
import dev.narthex.promql.value.Value;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * Streams API JSON in Prometheus's exact shapes: sample values as strings ({@link PromNumbers}),
 * timestamps as seconds, {@code <}, {@code >}, {@code &} and U+2028/U+2029 escaped as Go's encoder does.
 * One instance per response; not thread-safe. Number formatting reuses one scratch buffer, and each
 * {@code [ts,"value"]} point goes out as one raw value: number text never needs escaping.
 */
public final class JsonOut implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new GoEscapes());
    private static final SerializedString COMMA = new SerializedString(",");
    /**
     * From this many points a matrix's later series are written on another thread while this one writes
     * the earlier ones: the response is written after the evaluation, when the query's helper threads idle.
     */
    static final int PARALLEL_POINTS = 16_384;
    /** Writes the later halves of large matrices; none on a single core. Daemon threads shared by all responses. */
    private static final ExecutorService ENCODER = Runtime.getRuntime().availableProcessors() < 2 ? null
        : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "narthex-json-encoder");
            t.setDaemon(true);
            return t;
        });

    private final OutputStream out;
    private final JsonGenerator g;
    /** Room for a whole point: brackets, a timestamp, a comma and a quoted value. */
    private final char[] scratch = new char[2 * PromNumbers.MAX_CHARS + 8];

    public JsonOut(OutputStream out) {
        this.out = out;
        try {
            g = FACTORY.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonGenerator generator() {
        return g;
    }

    /** A timestamp (ms) as a JSON number of seconds. */
    public void timestamp(long ms) throws IOException {
        int n = PromNumbers.formatTimestamp(ms, scratch, 0);
        g.writeRawValue(scratch, 0, n);
    }

    /** A sample value as a JSON string. */
    public void floatString(double v) throws IOException {
        int n = PromNumbers.formatFloat(v, scratch, 0);
        g.writeString(scratch, 0, n);
    }

    public void labels(Labels labels) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
        g.writeEndObject();
    }

    public void stringArray(List<String> values) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** The {@code result} of a query: a point for scalars and strings, an array of series otherwise. */
    public void queryResult(Value value) throws IOException {
        if (value instanceof Scalar s) {
            point(s.timestamp(), s.value());
        } else if (value instanceof StringValue s) {
            g.writeStartArray();
            timestamp(s.timestamp());
            g.writeString(s.value());
            g.writeEndArray();
        } else if (value instanceof Vector v) {
            vector(v);
        } else {
            matrix((Matrix) value);
        }
    }

    private void vector(Vector v) throws IOException {
        g.writeStartArray();
        for (Sample s : v.samples()) {
            g.writeStartObject();
            g.writeFieldName("metric");
            labels(s.labels());
            g.writeFieldName("value");
            point(s.timestamp(), s.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void matrix(Matrix m) throws IOException {
        List<SeriesPoints> series = m.series();
        g.writeStartArray();
        int split = ENCODER == null ? series.size() : splitPoint(series);
        FutureTask<byte[]> tail = null;
        if (split < series.size()) {
            tail = new FutureTask<>(() -> encodeSeries(series.subList(split, series.size())));
            ENCODER.execute(tail);
        }
        for (int i = 0; i < split; i++) {
            series(series.get(i));
        }
        if (tail != null) {
            g.flush();
            out.write(',');
            // Still queued behind another response's half: written here instead of waited for.
            out.write(tail.cancel(false) ? encodeSeries(series.subList(split, series.size())) : join(tail));
        }
        g.writeEndArray();
    }

    /**
     * Where the series written on another thread begin: about half the points when there are at least
     * {@link #PARALLEL_POINTS} and two series, else the end (all written here).
     */
    static int splitPoint(List<SeriesPoints> series) {
        long total = 0;
        for (SeriesPoints s : series) {
            total += s.size();
        }
        if (series.size() < 2 || total < PARALLEL_POINTS) {
            return series.size();
        }
        long seen = 0;
        for (int i = 0; i < series.size() - 1; i++) {
            seen += series.get(i).size();
            if (2 * seen >= total) {
                return i + 1;
            }
        }
        return series.size() - 1;
    }

    /** The series as JSON objects separated by commas, as they stand inside the result array. */
    private static byte[] encodeSeries(List<SeriesPoints> series) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (JsonOut part = new JsonOut(bytes)) {
            part.g.setRootValueSeparator(COMMA);
            for (SeriesPoints s : series) {
                part.series(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] join(FutureTask<byte[]> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the response was written");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void series(SeriesPoints s) throws IOException {
        g.writeStartObject();
        g.writeFieldName("metric");
        labels(s.labels());
        // Prometheus leaves the key out for a series without float points.
        if (s.size() > 0) {
            g.writeFieldName("values");
            g.writeStartArray();
            long[] ts = s.timestamps();
            double[] vs = s.values();
            for (int i = 0; i < ts.length; i++) {
                point(ts[i], vs[i]);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private void point(long t, double v) throws IOException {
        char[] buf = scratch;
        buf[0] = '[';
        int pos = PromNumbers.formatTimestamp(t, buf, 1);
        buf[pos++] = ',';
        buf[pos++] = '"';
        pos = PromNumbers.formatFloat(v, buf, pos);
        buf[pos++] = '"';
        buf[pos++] = ']';
        g.writeRawValue(buf, 0, pos);
    }

    @Override
    public void close() throws IOException {
        g.close();
    }

    /** Go's encoding/json with HTML escaping, as Prometheus's encoder (jsoniter, standard-library mode). */
    private static final class GoEscapes extends CharacterEscapes {
        private static final SerializedString LT = new SerializedString("\\u003c");
        private static final SerializedString GT = new SerializedString("\\u003e");
        private static final SerializedString AMP = new SerializedString("\\u0026");
        private static final SerializedString LS = new SerializedString("\\u2028");
        private static final SerializedString PS = new SerializedString("\\u2029");
        private static final SerializedString[] CONTROL = new SerializedString[0x20];
        private final int[] ascii;

        static {
            for (int c = 0; c < CONTROL.length; c++) {
                CONTROL[c] = new SerializedString(String.format("\\u%04x", c));
            }
        }

        GoEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
            // Go writes \n, \r and \t short and every other control character as a lower-case \\u00xx.
            for (int c = 0; c < CONTROL.length; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> LT;
                case '>' -> GT;
                case '&' -> AMP;
                case 0x2028 -> LS;
                case 0x2029 -> PS;
                default -> ch < CONTROL.length ? CONTROL[ch] : null;
            };
        }
    }
}
