package dev.narthex.server.tool;

import dev.narthex.storage.text.PromDuration;
import picocli.CommandLine;

/** picocli converter for Prometheus duration options ({@code 2h}, {@code 1d12h}) into milliseconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return PromDuration.parseMillis(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
