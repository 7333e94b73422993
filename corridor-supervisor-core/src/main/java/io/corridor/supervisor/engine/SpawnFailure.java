package io.corridor.supervisor.engine;

import io.corridor.supervisor.Fault;

/**
 * Why a process could not be spawned, in supervisord's words ({@code can't find command 'x'}). {@code fault} is what
 * {@code startProcess} reports when the check happens before spawning (NO_FILE, NOT_EXECUTABLE), or SPAWN_ERROR.
 */
final class SpawnFailure extends Exception {
    private final Fault fault;

    SpawnFailure(Fault fault, String message) {
        super(message, null, false, false);
        this.fault = fault;
    }

    Fault fault() { return fault; }
}
