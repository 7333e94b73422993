package io.corridor.supervisor.ctl.rpc;

import java.util.Map;

/**
 * What {@code status} shows of one process. {@code info} is the whole {@code getAllProcessInfo} struct when the row
 * came from XML-RPC ({@code --json} prints it), null when it came from corridor's REST rows.
 */
public record ProcessStatus(String group, String name, String statename, int state, String description,
                            Map<String, Object> info) {

    /** From a {@code getAllProcessInfo} struct. */
    public static ProcessStatus of(Map<String, Object> info) {
        return new ProcessStatus(String.valueOf(info.get("group")), String.valueOf(info.get("name")),
                String.valueOf(info.get("statename")), (Integer) info.get("state"),
                String.valueOf(info.get("description")), info);
    }
}
