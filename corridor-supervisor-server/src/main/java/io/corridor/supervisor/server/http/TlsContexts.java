package io.corridor.supervisor.server.http;

import io.corridor.supervisor.config.ServerAccess;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;

/**
 * The server side of {@code [inet_http_server] certfile/keyfile/clientca}: the JDK's TLS provider, TLS 1.3 and 1.2
 * only, and with {@code clientca} a client certificate signed by it required (mutual TLS).
 */
public final class TlsContexts {
    private TlsContexts() {}

    /** @throws IllegalArgumentException naming the files when they do not make a TLS context */
    public static SslContext server(ServerAccess.Tls tls) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(tls.certfile().toFile(), tls.keyfile().toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (tls.clientca().isPresent()) {
                builder.trustManager(tls.clientca().get().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("[inet_http_server] certfile " + tls.certfile() + ", keyfile "
                    + tls.keyfile() + tls.clientca().map(c -> ", clientca " + c).orElse("")
                    + ": cannot make a TLS context (PEM certificates and an unencrypted PKCS#8 key are needed): "
                    + e.getMessage(), e);
        }
    }
}
