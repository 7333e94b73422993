package io.corridor.supervisor;

/** A process's captured stream. */
public enum LogChannel { STDOUT, STDERR }
