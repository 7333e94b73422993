package io.corridor.supervisor.logging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips rotated child logs ({@code *_logfile_compress}) on one daemon thread, started at the first rotation that
 * needs it: compression costs seconds of CPU per 50 MB, which the I/O thread must never spend. Jobs run in
 * submission order, so backups keep their order. A file that cannot be compressed stays renamed aside, uncompressed:
 * nothing is deleted before its compressed copy is in place.
 */
final class Compressor {
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("corridor-compress").daemon(true).factory());

    private Compressor() {
    }

    static void submit(RotatingFile owner, Path rotated) {
        THREAD.execute(() -> {
            Path partial = rotated.resolveSibling(rotated.getFileName() + ".gz");
            try {
                try (InputStream in = Files.newInputStream(rotated);
                     OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial), 64 * 1024)) {
                    in.transferTo(out);
                }
                owner.installCompressed(partial);
                Files.delete(rotated);
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // the uncompressed file is kept either way
                }
            }
        });
    }

    /** Waits until every job submitted so far has finished (tests, and an orderly shutdown). */
    static void drain() throws InterruptedException {
        try {
            THREAD.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
