package dev.narthex.server;

/** Sizes with base-2 units as Prometheus's {@code units.Base2Bytes}: {@code 512MB} = 512 MiB. */
final class ByteSize {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    private static final String[] SHOWN = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSize() {
    }

    static long parse(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("units: invalid size " + s);
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i);
        for (int u = 0; u < UNITS.length; u++) {
            if (unit.equals(UNITS[u]) || unit.equals(SHOWN[u])) {
                return n << (10 * u);
            }
        }
        throw new IllegalArgumentException(unit.isEmpty() ? "units: missing unit in " + s : "units: unknown unit " + unit + " in " + s);
    }

    static String format(long bytes) {
        int u = 0;
        while (u < UNITS.length - 1 && bytes % (1L << (10 * (u + 1))) == 0) {
            u++;
        }
        return (bytes >> (10 * u)) + SHOWN[u];
    }
}
