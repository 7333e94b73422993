package io.corridor.supervisor.engine;

import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.SupervisorConfig;

/** Entry point of the process engine (stub until the engine lands). */
public final class Engine {
    private Engine() {}

    public static Supervisor create(SupervisorConfig config) {
        throw new UnsupportedOperationException("engine not implemented yet");
    }
}
