package io.corridor.supervisor.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's stylesheet, scripts and icon, served from this jar (nothing from a CDN: the page works offline). Read
 * once, on first request, and then kept with an ETag so browsers revalidate instead of downloading again.
 */
final class StaticAssets {
    record Asset(byte[] bytes, String contentType, String etag) {}

    private static final Map<String, String> TYPES = Map.of(
            "app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "tail.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    /** The asset called {@code name} ({@code app.js}); empty for any name not in the fixed list above. */
    Optional<Asset> get(String name) {
        String type = TYPES.get(name);
        if (type == null) return Optional.empty();
        return Optional.of(loaded.computeIfAbsent(name, n -> load(n, type)));
    }

    private static Asset load(String name, String type) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("static/" + name)) {
            if (in == null) throw new IllegalStateException("asset " + name + " is missing from the jar");
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
            return new Asset(bytes, type, etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
