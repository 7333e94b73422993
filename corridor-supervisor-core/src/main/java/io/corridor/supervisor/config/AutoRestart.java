package io.corridor.supervisor.config;

/** {@code autorestart=}: false, unexpected (exit code not in exitcodes), or true. */
public enum AutoRestart { FALSE, UNEXPECTED, TRUE }
