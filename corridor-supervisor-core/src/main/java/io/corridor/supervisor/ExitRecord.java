package io.corridor.supervisor;

import java.util.List;

/**
 * One exit of one process: when it ended (epoch ms), how long that spawn ran, its exit code (-1 when a signal
 * killed it) or signal name ({@code ""} when it exited), whether it dumped core, why it ended, supervisord's
 * wording ({@code exit status 1}, {@code terminated by SIGKILL}) and the last lines it wrote (stdout and stderr,
 * as they arrived).
 */
public record ExitRecord(long time, long runMillis, long pid, int exitCode, String signal, boolean coreDumped,
                         ExitReason reason, String description, List<String> lastOutput) {
    public ExitRecord {
        lastOutput = List.copyOf(lastOutput);
    }
}
