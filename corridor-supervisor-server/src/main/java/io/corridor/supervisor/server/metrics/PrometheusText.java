package io.corridor.supervisor.server.metrics;

/**
 * Writes the Prometheus text format 0.0.4 into one {@link StringBuilder}: a family's {@code # HELP} and
 * {@code # TYPE} lines, then its samples. Label values and help texts are escaped as the format requires
 * (backslash, newline, and in label values the double quote). Whole numbers are written without going through
 * {@link Double#toString}, the costly part of a scrape of thousands of samples.
 */
final class PrometheusText {
    enum Type {
        GAUGE("gauge"), COUNTER("counter");

        private final String word;

        Type(String word) { this.word = word; }
    }

    private final StringBuilder out;

    PrometheusText(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    /** The {@code # HELP} and {@code # TYPE} lines that open a family. */
    PrometheusText family(String name, Type type, String help) {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append("\n# TYPE ").append(name).append(' ').append(type.word).append('\n');
        return this;
    }

    /** A sample without labels. */
    PrometheusText sample(String name, double value) {
        out.append(name).append(' ');
        value(value);
        return this;
    }

    /** A sample with one label. */
    PrometheusText sample(String name, String label, String labelValue, double value) {
        out.append(name).append('{');
        label(label, labelValue);
        out.append("} ");
        value(value);
        return this;
    }

    /** A sample with the process labels {@code group} and {@code name}. */
    PrometheusText processSample(String name, String group, String processName, double value) {
        out.append(name).append('{');
        label("group", group);
        out.append(',');
        label("name", processName);
        out.append("} ");
        value(value);
        return this;
    }

    /** A sample with labels given as name/value pairs. */
    PrometheusText sample(String name, java.util.List<String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            for (int i = 0; i < labels.size(); i += 2) {
                if (i > 0) out.append(',');
                label(labels.get(i), labels.get(i + 1));
            }
            out.append('}');
        }
        out.append(' ');
        value(value);
        return this;
    }

    @Override
    public String toString() { return out.toString(); }

    private void label(String name, String value) {
        out.append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    /** As Micrometer's Prometheus registry wrote them: {@code 1.0}, {@code NaN}, {@code +Inf}. */
    private void value(double v) {
        if (v == (long) v && Math.abs(v) < 1e15) {
            out.append((long) v).append(".0\n");
        } else if (v == Double.POSITIVE_INFINITY) {
            out.append("+Inf\n");
        } else if (v == Double.NEGATIVE_INFINITY) {
            out.append("-Inf\n");
        } else {
            out.append(v).append('\n');
        }
    }

    private void escape(String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
