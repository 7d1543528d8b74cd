package io.colibri.gateway.metrics;

import java.util.Locale;

/**
 * Prometheus's text exposition format, version 0.0.4: a {@code # HELP} and {@code # TYPE} line
 * per metric, then one line per series. Written by hand: the gateway exposes about twenty series,
 * and this keeps Micrometer and its Prometheus client jars out of the OSGi bundle (see
 * docs/architecture.md, "Metrics").
 */
final class Exposition {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a metric: its help and type ({@code counter}, {@code gauge}, {@code histogram}). */
    Exposition metric(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One series: its name, label pairs (name, value, name, value…) and value. */
    Exposition sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** A histogram's series: cumulative buckets up to +Inf, then _sum and _count; {@code labels} as for {@link #sample}. */
    Exposition histogram(String name, Meters.Histogram h, String... labels) {
        long cumulative = 0;
        String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
        withLe[labels.length] = "le";
        for (int i = 0; i < h.counts.length; i++) {
            cumulative += h.counts[i].sum();
            withLe[labels.length + 1] = i < h.bounds.length ? number(h.bounds[i]) : "+Inf";
            sample(name + "_bucket", cumulative, withLe);
        }
        sample(name + "_sum", h.sum.sum(), labels);
        sample(name + "_count", cumulative, labels);
        return this;
    }

    static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : String.format(Locale.ROOT, "%s", v);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
