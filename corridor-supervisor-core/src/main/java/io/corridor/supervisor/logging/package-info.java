/**
 * Log files: children's captured output, the supervisor's own log, and reading them back over the API.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>One writer per file.</b> The engine's I/O thread reads a child's pipe into a buffer and hands it to
 *       that stream's {@link io.corridor.supervisor.logging.RotatingFile}, which writes it with write(2) on a raw
 *       fd opened in append mode ({@link io.corridor.supervisor.os.AppendFile}; a FileChannel per file was most
 *       of a process's heap): no copy, no per-byte work, no queue, no thread per stream. The only
 *       other callers are control operations ({@code reopen} on SIGUSR2, {@code clear} from the API), which
 *       take the same per-file lock; the lock is uncontended in steady state, and it makes a rotation, a
 *       reopen or a clear atomic with respect to a write.</li>
 *   <li><b>Rotation rule (supervisord's {@code RotatingFileHandler}).</b> Checked after each write: once the
 *       file has reached {@code maxBytes} it becomes {@code .1} (older backups shift up, the oldest is
 *       dropped) and a new file is opened; with no backups the file is truncated in place. A chunk is never
 *       split, so the kept files, oldest first, are always a contiguous suffix of the stream and a file
 *       overshoots the limit by at most one read (128 KiB). Non-regular files ({@code /dev/stdout}, FIFOs)
 *       are never rotated nor deleted.</li>
 *   <li><b>The main log</b> ({@link io.corridor.supervisor.logging.MainLog}) formats supervisord's
 *       {@code date time,ms LEVL message} lines and writes each one whole through a RotatingFile under one lock,
 *       so lines from the engine and the server threads never interleave and their stamps never go back.</li>
 *   <li><b>Reading back</b> ({@link io.corridor.supervisor.logging.LogReader}) ports {@code readFile} and
 *       {@code tailFile} line by line (checked against supervisord's own answers) and reads only the requested
 *       range.</li>
 *   <li><b>Formats</b> ({@link io.corridor.supervisor.logging.LineFormatter}): {@code timestamp} and {@code json}
 *       lines (and {@code log_prefix}) are built on the I/O thread into one reused buffer, one write per read, so
 *       a rotation never splits a line either; {@code plain} skips the formatter entirely. A line beginning
 *       without its newline is held (at most 16 KiB) and written after 100 ms idle. Time rotation is checked
 *       before a write; gzip of backups runs on the {@link io.corridor.supervisor.logging.Compressor} thread.</li>
 *   <li><b>{@code strip_ansi}</b> ({@link io.corridor.supervisor.logging.AnsiStripper}) keeps its state between
 *       chunks, so unlike upstream it also removes a sequence split across two reads.</li>
 * </ul>
 */
package io.corridor.supervisor.logging;
