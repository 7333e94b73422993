package io.corridor.supervisor.config;

import java.util.Map;
import java.util.TreeSet;

/** supervisord's {@code expand(s, expansions, name)}: Python {@code %} with its two error texts. */
final class Expansion {
    private Expansion() {}

    /**
     * @param name what is being expanded, as supervisord names it in errors ({@code program:x.command},
     *             {@code environment}, {@code stdout_logfile}...)
     */
    static String expand(String template, Map<String, ?> expansions, String name) {
        try {
            return PercentFormat.format(template, expansions);
        } catch (PercentFormat.FormatError e) {
            if (e.missingName() != null) {
                throw new ValueError("Format string " + PyText.repr(template) + " for " + PyText.repr(name)
                        + " contains names (" + PyText.repr(e.missingName()) + ") which cannot be expanded. "
                        + "Available names: " + String.join(", ", new TreeSet<>(expansions.keySet())));
            }
            throw new ValueError("Format string " + PyText.repr(template) + " for " + PyText.repr(name)
                    + " is badly formatted: " + e.getMessage());
        }
    }
}
