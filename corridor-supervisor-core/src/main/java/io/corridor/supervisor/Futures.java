package io.corridor.supervisor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place that turns the API's futures back into values or refusals: {@link CompletableFuture} wraps a
 * failure in {@link CompletionException} (or {@link ExecutionException}) depending on how it is read, and every
 * caller wants the {@link SupervisorException} that was raised.
 */
public final class Futures {
    private Futures() {}

    /** The failure a stage was completed with, without the {@link CompletionException} wrapping. */
    public static Throwable cause(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** True when {@code t} is (or wraps) a {@link SupervisorException} with {@code fault}. */
    public static boolean isFault(Throwable t, Fault fault) {
        return cause(t) instanceof SupervisorException se && se.fault() == fault;
    }

    /**
     * Waits for {@code f}, rethrowing its failure as it was raised (a {@link SupervisorException} stays one). For
     * embedders' blocking calls; a server's I/O thread must compose on the future instead.
     */
    public static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = cause(e);
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupervisorException(Fault.FAILED, "interrupted while waiting for the supervisor");
        }
    }
}
