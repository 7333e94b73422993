package io.corridor.supervisor.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A server's {@code username}/{@code password}: the password is cleartext or {@code {SHA}} followed by the hex SHA-1
 * of the cleartext, as supervisord accepts. Comparisons are constant-time.
 */
public record Credentials(String username, String password) {
    private static final String SHA_PREFIX = "{SHA}";

    /** Empty when the section configures no username (the server then runs without authentication). */
    public static Optional<Credentials> of(Optional<String> username, Optional<String> password) {
        return username.map(u -> new Credentials(u, password.orElse("")));
    }

    /** Checks an {@code Authorization} header value; only the Basic scheme is accepted. */
    public boolean acceptsHeader(String authorization) {
        if (authorization == null) return false;
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) return false;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1].strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return false;
        return accepts(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    public boolean accepts(String user, String pass) {
        boolean userOk = constantTimeEquals(username, user);
        boolean passOk;
        if (password.startsWith(SHA_PREFIX)) {
            passOk = constantTimeEquals(password.substring(SHA_PREFIX.length()).toLowerCase(), sha1Hex(pass));
        } else {
            passOk = constantTimeEquals(password, pass);
        }
        return userOk & passOk;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String sha1Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
