package io.corridor.supervisor.server.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Browser sessions without server-side state: a session is a random id in a {@code SameSite=Strict}, HttpOnly cookie,
 * and its anti-CSRF token is an HMAC of that id under a key drawn at start-up. A page embeds the token; a POST is
 * accepted only with a token that matches the cookie it came with. A restarted server draws a new key, so pages
 * opened before it must be reloaded.
 */
public final class WebSessions {
    static final String COOKIE = "corridor_session";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];

    public WebSessions() {
        random.nextBytes(key);
    }

    /** The session id the request's cookie carries, if it has one of a plausible shape. */
    static Optional<String> sessionOf(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) return Optional.empty();
        for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
            if (c.name().equals(COOKIE) && c.value().matches("[A-Za-z0-9_-]{16,64}")) return Optional.of(c.value());
        }
        return Optional.empty();
    }

    String newSession() {
        byte[] id = new byte[18];
        random.nextBytes(id);
        return B64.encodeToString(id);
    }

    String tokenFor(String session) {
        return mac("csrf:" + session);
    }

    /** True when {@code token} is the one issued for the request's session cookie. */
    boolean accepts(HttpRequest request, String token) {
        Optional<String> session = sessionOf(request);
        if (session.isEmpty() || token == null) return false;
        return MessageDigest.isEqual(tokenFor(session.get()).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    /** A signature for a message the server puts in a redirect, so a link cannot make the page say something else. */
    String sign(String message) {
        return mac("flash:" + message).substring(0, 22);
    }

    boolean signed(String message, String signature) {
        return signature != null && MessageDigest.isEqual(sign(message).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");   // not thread-safe: one per use (cheap next to a request)
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }
}
