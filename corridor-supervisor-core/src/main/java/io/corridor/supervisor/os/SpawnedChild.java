package io.corridor.supervisor.os;

/**
 * A child just spawned: its pid (also its process group and session id), a pidfd that turns readable at exit, the
 * write end of its stdin and the read ends of its stdout/stderr ({@code stderr} is -1 with redirect_stderr).
 * Parent ends are close-on-exec; the pipe read ends and stdin are non-blocking.
 */
public record SpawnedChild(int pid, int pidfd, int stdin, int stdout, int stderr) {
}
