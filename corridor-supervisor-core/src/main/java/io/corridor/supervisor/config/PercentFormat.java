package io.corridor.supervisor.config;

import java.util.Locale;
import java.util.Map;

/**
 * Python's {@code template % mapping}, the whole of Supervisor's expansion mechanism: {@code %(name)s},
 * {@code %(process_num)02d}, {@code %(numprocs)d}, {@code %%}, with flags, width and precision. Values are
 * {@link String}s or {@link Number}s (process_num, numprocs). Errors carry CPython's messages.
 *
 * <p>Not copied: an unnamed {@code %s} formats the whole mapping in Python (so {@code command=echo %s} would print a
 * dict); here it is rejected, since no Supervisor config can mean that.
 */
final class PercentFormat {
    private PercentFormat() {}

    /** Formatting failed: either a name is not in the mapping (Python's KeyError) or the template is malformed. */
    static final class FormatError extends Exception {
        private final String missingName;

        private FormatError(String missingName, String message) {
            super(message);
            this.missingName = missingName;
        }

        /** @return the name that could not be expanded, or null when the template is badly formatted */
        String missingName() { return missingName; }
    }

    static String format(String template, Map<String, ?> values) throws FormatError {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int n = template.length();
        int i = 0;
        while (i < n) {
            char ch = template.charAt(i++);
            if (ch != '%') {
                out.append(ch);
                continue;
            }
            String name = null;
            if (i < n && template.charAt(i) == '(') {
                int depth = 1, start = ++i;
                while (i < n && depth > 0) {
                    char k = template.charAt(i++);
                    if (k == '(') depth++;
                    else if (k == ')') depth--;
                }
                if (depth > 0) throw bad("incomplete format key");
                name = template.substring(start, i - 1);
            }
            boolean left = false, plus = false, space = false, alternate = false, zero = false;
            flags:
            while (i < n) {
                switch (template.charAt(i)) {
                    case '-' -> left = true;
                    case '+' -> plus = true;
                    case ' ' -> space = true;
                    case '#' -> alternate = true;
                    case '0' -> zero = true;
                    default -> { break flags; }
                }
                i++;
            }
            if (i < n && template.charAt(i) == '*') throw bad("* wants int");
            int width = -1;
            int digitsStart = i;
            while (i < n && Character.isDigit(template.charAt(i))) i++;
            if (i > digitsStart) width = Integer.parseInt(template.substring(digitsStart, i));
            int precision = -1;
            if (i < n && template.charAt(i) == '.') {
                i++;
                if (i < n && template.charAt(i) == '*') throw bad("* wants int");
                int precisionStart = i;
                while (i < n && Character.isDigit(template.charAt(i))) i++;
                precision = i > precisionStart ? Integer.parseInt(template.substring(precisionStart, i)) : 0;
            }
            // Python skips length modifiers h, l and L
            while (i < n && "hlL".indexOf(template.charAt(i)) >= 0) i++;
            if (i >= n) throw bad("incomplete format");
            int conversionIndex = i;
            char conversion = template.charAt(i++);
            if (conversion == '%') {
                out.append('%');
                continue;
            }
            if ("sradiuoxXeEfFgGc".indexOf(conversion) < 0) {
                throw bad(String.format("unsupported format character '%c' (0x%x) at index %d",
                        conversion, (int) conversion, conversionIndex));
            }
            if (name == null) throw bad("not enough arguments for format string");
            if (!values.containsKey(name)) throw new FormatError(name, "'" + name + "'");
            Object value = values.get(name);
            String body = convert(conversion, value, plus, space, alternate, precision);
            out.append(pad(body, width, left, zero && !left && isNumeric(conversion)));
        }
        return out.toString();
    }

    private static FormatError bad(String message) {
        return new FormatError(null, message);
    }

    private static boolean isNumeric(char conversion) {
        return "diuoxXeEfFgG".indexOf(conversion) >= 0;
    }

    private static String convert(char conversion, Object value, boolean plus, boolean space, boolean alternate,
                                  int precision) throws FormatError {
        switch (conversion) {
            case 's', 'r', 'a' -> {
                String text = value instanceof String s
                        ? (conversion == 's' ? s : PyText.repr(s))
                        : String.valueOf(value);
                return precision >= 0 && precision < text.length() ? text.substring(0, precision) : text;
            }
            case 'c' -> {
                if (value instanceof Number num) return new String(Character.toChars(num.intValue()));
                String s = (String) value;
                if (s.codePointCount(0, s.length()) != 1) throw bad("%c requires int or char");
                return s;
            }
            default -> {}
        }
        if (!(value instanceof Number number)) {
            String kind = "diuc".indexOf(conversion) >= 0 ? "a real number is required"
                    : "oxX".indexOf(conversion) >= 0 ? "an integer is required" : null;
            throw bad(kind == null ? "must be real number, not str"
                    : "%" + conversion + " format: " + kind + ", not str");
        }
        long v = number.longValue();
        String sign = v < 0 ? "-" : plus ? "+" : space ? " " : "";
        long magnitude = Math.abs(v);
        String digits;
        String prefix = "";
        switch (conversion) {
            case 'd', 'i', 'u' -> digits = Long.toString(magnitude);
            case 'o' -> { digits = Long.toOctalString(magnitude); if (alternate) prefix = "0o"; }
            case 'x' -> { digits = Long.toHexString(magnitude); if (alternate) prefix = "0x"; }
            case 'X' -> { digits = Long.toHexString(magnitude).toUpperCase(Locale.ROOT); if (alternate) prefix = "0X"; }
            default -> {
                return sign + floating(conversion, magnitude, precision < 0 ? 6 : precision, alternate);
            }
        }
        if (precision > digits.length()) digits = "0".repeat(precision - digits.length()) + digits;
        return sign + prefix + digits;
    }

    private static String floating(char conversion, double magnitude, int precision, boolean alternate) {
        return switch (conversion) {
            case 'f', 'F' -> String.format(Locale.ROOT, "%." + precision + "f", magnitude);
            case 'e', 'E' -> {
                String s = String.format(Locale.ROOT, "%." + precision + "e", magnitude);
                yield conversion == 'E' ? s.toUpperCase(Locale.ROOT) : s;
            }
            default -> { // g, G: %e or %f by exponent, trailing zeros removed (unless '#')
                int p = precision == 0 ? 1 : precision;
                int exponent = magnitude == 0 ? 0 : (int) Math.floor(Math.log10(magnitude));
                String s = exponent < -4 || exponent >= p
                        ? String.format(Locale.ROOT, "%." + (p - 1) + "e", magnitude)
                        : String.format(Locale.ROOT, "%." + Math.max(0, p - 1 - exponent) + "f", magnitude);
                if (!alternate) s = stripFractionZeros(s);
                yield conversion == 'G' ? s.toUpperCase(Locale.ROOT) : s;
            }
        };
    }

    private static String stripFractionZeros(String s) {
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) mantissa = mantissa.substring(0, mantissa.length() - 1);
        }
        return mantissa + exponent;
    }

    /** Width: spaces on the left (or right with '-'); with '0', zeros go between the sign/prefix and the digits. */
    private static String pad(String body, int width, boolean left, boolean zeros) {
        if (width <= body.length()) return body;
        int missing = width - body.length();
        if (left) return body + " ".repeat(missing);
        if (!zeros) return " ".repeat(missing) + body;
        int signEnd = 0;
        if (signEnd < body.length() && "+- ".indexOf(body.charAt(signEnd)) >= 0) signEnd++;
        if (body.startsWith("0x", signEnd) || body.startsWith("0X", signEnd) || body.startsWith("0o", signEnd)) {
            signEnd += 2;
        }
        return body.substring(0, signEnd) + "0".repeat(missing) + body.substring(signEnd);
    }
}
