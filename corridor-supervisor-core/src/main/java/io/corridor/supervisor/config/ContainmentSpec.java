package io.corridor.supervisor.config;

/**
 * How far a program's processes are contained (corridor extensions of {@code [program:x]}):
 * <ul>
 *   <li>{@code stop_descendants} (default true): once the main process has exited, whatever it left behind (children
 *       in its cgroup, or found under it in {@code /proc}) gets the stop signal, then SIGKILL after
 *       {@code stopwaitsecs} — systemd's {@code KillMode=mixed}. false keeps supervisord's behaviour;</li>
 *   <li>{@code die_with_supervisor} (default true): the main process gets SIGKILL if the supervisor dies
 *       ({@code PR_SET_PDEATHSIG}); leftovers are stopped at the next start either way;</li>
 *   <li>{@code max_memory} (bytes, 0 = no limit): the resident memory of the whole tree above which the program
 *       is restarted.</li>
 * </ul>
 */
public record ContainmentSpec(boolean stopDescendants, boolean dieWithSupervisor, long maxMemory) {
    public static final ContainmentSpec DEFAULT = new ContainmentSpec(true, true, 0);
}
