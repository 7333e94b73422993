package io.corridor.supervisor.server;

import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.InetHttpServerSettings;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.config.UnixHttpServerSettings;
import io.corridor.supervisor.os.Users;
import io.corridor.supervisor.server.health.HealthEndpoint;
import io.corridor.supervisor.server.http.AccessPolicy;
import io.corridor.supervisor.server.http.Credentials;
import io.corridor.supervisor.server.http.TlsContexts;
import io.corridor.supervisor.server.http.Endpoint;
import io.corridor.supervisor.server.http.HttpPipeline;
import io.corridor.supervisor.server.logtail.LogTailEndpoint;
import io.corridor.supervisor.server.metrics.MetricsEndpoint;
import io.corridor.supervisor.server.metrics.SupervisorMetrics;
import io.corridor.supervisor.server.rest.RestEndpoint;
import io.corridor.supervisor.server.web.BrowserGuard;
import io.corridor.supervisor.server.web.WebEndpoint;
import io.corridor.supervisor.server.web.WebSessions;
import io.corridor.supervisor.server.xmlrpc.XmlRpcDispatcher;
import io.corridor.supervisor.server.xmlrpc.XmlRpcEndpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The control plane: the {@code [unix_http_server]} and {@code [inet_http_server]} listeners, serving XML-RPC,
 * log tails, REST, metrics and the web page over one event-loop thread. That thread never waits for the engine: the adapters
 * call only {@link Supervisor}'s asynchronous forms (snapshots, log files and reads, stdin, reread, scrapes) and
 * its actions, and answer when the future completes, on the engine's callbacks thread. What still runs on the loop
 * is request parsing, the answer's encoding and reading a followed log file's new bytes.
 * {@code ControlPlaneUnderLoadTest} checks it with the engine busy starting a thousand programs.
 */
public final class ControlServer implements AutoCloseable {
    /** supervisord logs it for each server it makes, for the one RPC interface it has. */
    private static final String RPC_INITIALIZED = "RPC interface 'supervisor' initialized";
    private final EventLoopGroup group;
    private final SupervisorMetrics metrics;
    private final List<Channel> listeners = new ArrayList<>();
    private final ServerLog log;
    private Path unixSocket;
    private InetSocketAddress inetAddress;
    /** What is bound now, for re-binding after a reload: the settings, their channels, what serves them. */
    private UnixHttpServerSettings boundUnix;
    private InetHttpServerSettings boundInet;
    private Channel unixChannel, inetChannel;
    private List<Endpoint> endpoints;
    private ServerOptions options;
    private boolean closed;

    private ControlServer(EventLoopGroup group, SupervisorMetrics metrics, ServerLog log) {
        this.group = group;
        this.metrics = metrics;
        this.log = log;
    }

    /** Binds every server the configuration declares; on any failure nothing stays bound. */
    public static ControlServer start(SupervisorConfig config, Supervisor supervisor, ServerOptions options, ServerLog log)
            throws ServerBindException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SupervisorMetrics metrics = new SupervisorMetrics(supervisor);
        ControlServer server = new ControlServer(group, metrics, log);
        // browsers may reach every path with the operator's credentials: state changes from another site are refused
        WebSessions sessions = new WebSessions();
        List<Endpoint> endpoints = List.of(
                new BrowserGuard(new XmlRpcEndpoint(new XmlRpcDispatcher(supervisor), log), sessions, false, log),
                new LogTailEndpoint(supervisor, log, options.followInterval()),
                new BrowserGuard(new RestEndpoint(supervisor, log, options.followInterval()), sessions, true, log),
                new MetricsEndpoint(metrics),
                new HealthEndpoint(supervisor),
                new BrowserGuard(new WebEndpoint(supervisor, sessions, log), sessions, false, log));
        server.endpoints = endpoints;
        server.options = options;
        try {
            // supervisord's order: the inet server, then the unix one
            if (config.inetHttpServer().isPresent()) {
                server.bindInet(config.inetHttpServer().get(), endpoints, options);
            }
            if (config.unixHttpServer().isPresent()) {
                server.bindUnix(config.unixHttpServer().get(), endpoints, options);
            }
        } catch (ServerBindException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public Optional<Path> unixSocket() { return Optional.ofNullable(unixSocket); }

    public Optional<InetSocketAddress> inetAddress() { return Optional.ofNullable(inetAddress); }

    private void bindUnix(UnixHttpServerSettings s, List<Endpoint> endpoints, ServerOptions options) throws ServerBindException {
        Path path = s.file().toAbsolutePath().normalize();
        Optional<Credentials> credentials = Credentials.of(s.username(), s.password());
        AccessPolicy access = new AccessPolicy(credentials, s.access().tokens());
        log.info(RPC_INITIALIZED);
        if (access.open()) log.critical("Server 'unix_http_server' running without any HTTP authentication checking");
        UnixSocketFile.clearStale(path, log);
        Path bound = UnixSocketFile.bindingName(path);
        try {
            Files.deleteIfExists(bound);
            Channel ch = new ServerBootstrap().group(group).channel(NioServerDomainSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new HttpPipeline("unix_http_server", true, endpoints, access, Optional.empty(), options, log,
                            metrics, Users::currentUid))
                    .bind(UnixDomainSocketAddress.of(bound)).sync().channel();
            listeners.add(ch);
            unixChannel = ch;
        } catch (Exception e) {
            throw new ServerBindException("Cannot open an HTTP server: socket.error reported " + e.getMessage()
                    + " (file " + path + ")", e);
        }
        UnixSocketFile.publish(bound, path, s.chmod(), s.chown());
        unixSocket = path;
        boundUnix = s;
    }

    private void bindInet(InetHttpServerSettings s, List<Endpoint> endpoints, ServerOptions options) throws ServerBindException {
        Optional<Credentials> credentials = Credentials.of(s.username(), s.password());
        AccessPolicy access = new AccessPolicy(credentials, s.access().tokens());
        Optional<io.netty.handler.ssl.SslContext> tls;
        try {
            tls = s.access().tls().map(TlsContexts::server);
        } catch (IllegalArgumentException e) {
            throw new ServerBindException(e.getMessage(), e);
        }
        log.info(RPC_INITIALIZED);
        InetSocketAddress address;
        try {
            address = s.host().isEmpty() || s.host().equals("*")
                    ? new InetSocketAddress(s.port()) : new InetSocketAddress(InetAddress.getByName(s.host()), s.port());
        } catch (UnknownHostException e) {
            throw new ServerBindException("Cannot resolve inet_http_server host '" + s.host() + "'", e);
        }
        if (access.open()) {
            if (address.getAddress().isLoopbackAddress()) {
                log.critical("Server 'inet_http_server' running without any HTTP authentication checking");
            } else {
                log.critical("Server 'inet_http_server' listens on " + describe(address) + " WITHOUT ANY AUTHENTICATION: "
                        + "anyone who can reach this port can start, stop and signal every process. "
                        + "Set username and password in [inet_http_server], or listen on 127.0.0.1 only.");
            }
        }
        try {
            Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new HttpPipeline("inet_http_server", false, endpoints, access, tls, options, log,
                            metrics, Users::currentUid))
                    .bind(address).sync().channel();
            listeners.add(ch);
            inetChannel = ch;
            inetAddress = (InetSocketAddress) ch.localAddress();
            boundInet = s;
        } catch (Exception e) {
            if (e instanceof java.net.BindException) throw new ServerBindException(ServerBindException.IN_USE, e);
            throw new ServerBindException("Cannot open an HTTP server on " + describe(address) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The engine adopted {@code next} (a reload): a server whose section changed, appeared or went away is closed
     * and bound again with the new settings, as supervisord makes its servers anew on reload; an unchanged one
     * keeps its connections. A failed bind is logged and leaves that server closed; the other stays. Not on the
     * event loop (binding waits for it).
     */
    public synchronized void apply(SupervisorConfig next) {
        if (closed) return;
        if (!java.util.Objects.equals(Optional.ofNullable(boundInet), next.inetHttpServer())) {
            if (inetChannel != null) {
                listeners.remove(inetChannel);
                inetChannel.close().syncUninterruptibly();
                inetChannel = null;
                inetAddress = null;
                boundInet = null;
            }
            if (next.inetHttpServer().isPresent()) {
                try {
                    bindInet(next.inetHttpServer().get(), endpoints, options);
                } catch (ServerBindException e) {
                    log.critical("inet_http_server not re-bound after the reload: " + e.getMessage());
                }
            }
        }
        if (!java.util.Objects.equals(Optional.ofNullable(boundUnix), next.unixHttpServer())) {
            if (unixChannel != null) {
                listeners.remove(unixChannel);
                unixChannel.close().syncUninterruptibly();
                unixChannel = null;
                boundUnix = null;
                try {
                    if (unixSocket != null) Files.deleteIfExists(unixSocket);
                } catch (java.io.IOException e) {
                    log.warn("Cannot unlink " + unixSocket + ": " + e.getMessage());
                }
                unixSocket = null;
            }
            if (next.unixHttpServer().isPresent()) {
                try {
                    bindUnix(next.unixHttpServer().get(), endpoints, options);
                } catch (ServerBindException e) {
                    log.critical("unix_http_server not re-bound after the reload: " + e.getMessage());
                }
            }
        }
    }

    private static String describe(InetSocketAddress a) {
        return (a.getAddress().isAnyLocalAddress() ? "all interfaces" : a.getAddress().getHostAddress()) + " port " + a.getPort();
    }

    /** Runs {@code task} every {@code period} on the server's event loop, until {@link #close}. */
    public void every(java.time.Duration period, Runnable task) {
        long millis = period.toMillis();
        group.scheduleWithFixedDelay(task, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Stops listening, closes every connection (followers included) and unlinks the socket file. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Channel ch : listeners) ch.close().syncUninterruptibly();
        listeners.clear();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        metrics.close();
        if (unixSocket != null) {
            try {
                Files.deleteIfExists(unixSocket);
            } catch (java.io.IOException e) {
                log.warn("Cannot unlink " + unixSocket + ": " + e.getMessage());
            }
            unixSocket = null;
        }
    }
}
