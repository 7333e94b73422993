package io.corridor.supervisor;

/** {@code tailProcessStdoutLog}'s answer: the bytes, the new offset (file size), and whether bytes were skipped. */
public record TailResult(String data, long offset, boolean overflow) {
}
