package io.corridor.supervisor.ctl.config;

import java.util.Map;
import java.util.TreeSet;

/** Python {@code value % names} for the {@code %(name)s} and {@code %%} forms a [supervisorctl] section uses. */
final class PercentExpander {
    private final Map<String, String> environment;

    PercentExpander(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Expands {@code %(ENV_X)s}, and {@code %(here)s} when {@code here} is given. */
    String expand(String value, String key, String here) throws CtlConfigException {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 32);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 < value.length() && value.charAt(i + 1) == '%') {
                out.append('%');
                i++;
                continue;
            }
            int close = value.indexOf(')', i);
            if (i + 1 >= value.length() || value.charAt(i + 1) != '(' || close < 0 || close + 1 >= value.length()
                    || value.charAt(close + 1) != 's') {
                throw new CtlConfigException("Format string '" + value + "' for '" + key + "' is badly formatted");
            }
            String name = value.substring(i + 2, close);
            String replacement = name.equals("here") ? here
                    : name.startsWith("ENV_") ? environment.get(name.substring(4)) : null;
            if (replacement == null) {
                TreeSet<String> available = new TreeSet<>();
                environment.keySet().forEach(k -> available.add("ENV_" + k));
                if (here != null) {
                    available.add("here");
                }
                throw new CtlConfigException("Format string '" + value + "' for '" + key + "' contains names ('"
                        + name + "') which cannot be expanded. Available names: " + String.join(", ", available));
            }
            out.append(replacement);
            i = close + 1;
        }
        return out.toString();
    }
}
