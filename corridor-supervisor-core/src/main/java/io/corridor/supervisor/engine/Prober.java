package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.Probe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs readiness and health probes ({@code tcp:}, {@code http://}, {@code exec:}) without a thread per check. Called
 * on the owner thread; {@code done} runs there too, exactly once, within {@code timeout}: null when the probe
 * passed, else why it failed.
 */
interface Prober {
    /**
     * @param environment the program's environment ({@code KEY=value}), for {@code exec:}
     * @param directory   the program's {@code directory=}, for {@code exec:}
     */
    void run(Probe probe, List<String> environment, Optional<String> directory, Duration timeout,
             Consumer<String> done);
}
