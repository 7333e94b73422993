package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One corridorctl, three corridor-supervisord on this machine: two on Unix sockets, one on TLS over loopback with
 * mutual TLS and Bearer tokens (certificates made with openssl here). Status with a host column and a host field,
 * host-prefixed and {@code @all} commands, token roles, refusals in the server log, the probes, a server stopped
 * mid-run and one that never answers.
 */
class FleetIT {
    private static final Duration T = Duration.ofSeconds(120);
    private static final String PROGRAMS = """
            [program:web]
            command=sleep 100000
            startsecs=0
            [program:worker]
            command=sleep 100000
            process_name=%(program_name)s_%(process_num)d
            numprocs=2
            startsecs=0
            """;

    @TempDir Path dir;
    private final List<Process> servers = new ArrayList<>();
    private final Path dist = Path.of(System.getProperty("corridor.dist"));
    private String adminToken;
    private String readToken;
    private int tlsPort;

    @AfterEach
    void stopServers() throws Exception {
        List<ProcessHandle> programs = new ArrayList<>();
        for (Process server : servers) {
            programs.addAll(server.descendants().toList());
            if (server.isAlive()) {
                server.destroy();                              // SIGTERM: the programs are stopped, then the JVM
                if (!server.waitFor(60, TimeUnit.SECONDS)) server.destroyForcibly();
            }
        }
        List<ProcessHandle> left = programs.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("programs left running").isEmpty();
    }

    @Test
    void threeServersOneStoppedMidRun() throws Exception {
        Path s1 = dir.resolve("s1.sock");
        Path s2 = dir.resolve("s2.sock");
        makeCertificates();
        writeTokens();
        start("s1", "[unix_http_server]\nfile=" + s1 + "\n");
        Process second = start("s2", "[unix_http_server]\nfile=" + s2 + "\n");
        tlsPort = freePort();
        start("s3", "[inet_http_server]\nport=127.0.0.1:" + tlsPort + "\ncertfile=" + dir.resolve("server.pem")
                + "\nkeyfile=" + dir.resolve("server.key") + "\nclientca=" + dir.resolve("ca.pem")
                + "\ntokens_file=" + dir.resolve("tokens") + "\n");
        Path admin = ctlConfig("admin.conf", adminToken, true, s1, s2);
        Installation.await("all three serving", () -> ctl(admin, "status").exit() == 0, T);

        Installation.Result status = ctl(admin, "status");
        assertThat(status.out().lines().toList()).hasSize(9).allMatch(l -> l.matches("s[123]  \\S+ +RUNNING +pid .*"));
        assertThat(status.out()).contains("s3  worker:worker_1 ");

        Installation.Result json = ctl(admin, "--json", "status", "s2:web");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"host\":\"s2\",\"namespec\":\"web\"").doesNotContain("\"host\":\"s1\",\"namespec\"");

        Installation.Result stop = ctl(admin, "stop", "s3:web", "s1:worker:*");
        assertThat(stop.out().lines().toList()).containsExactly("s1  worker:worker_0: stopped",
                "s1  worker:worker_1: stopped", "s3  web: stopped");
        assertThat(ctl(admin, "status", "web").out()).contains("s1  web ").containsPattern("s3  web +STOPPED");
        assertThat(ctl(admin, "status").exit()).isEqualTo(3);   // some shown process is not running
        Installation.Result startAll = ctl(admin, "start", "@all");
        assertThat(startAll.exit()).as(startAll.toString()).isZero();
        assertThat(startAll.out()).contains("s1  worker:worker_0: started", "s3  web: started");

        // the same servers from a --hosts file, and the interactive shell (which starts with status) over them
        Files.writeString(dir.resolve("hosts"), "# name=URL\ns1=unix://" + s1 + "\ns3=https://127.0.0.1:"
                + tlsPort + "\n");
        Installation.Result fromFile = ctl(admin, "--hosts", dir.resolve("hosts").toString(), "status", "web");
        assertThat(fromFile.out().lines().toList()).hasSize(2).allMatch(l -> l.matches("s[13]  web +RUNNING .*"));
        Installation.Result shell = ctl(admin);
        assertThat(shell.exit()).isZero();
        assertThat(shell.out()).contains("s2  worker:worker_1 ", "supervisor> ");

        // a read token sees but may not change; the refusal is in the server's log with the peer
        Path reader = ctlConfig("read.conf", readToken, true, s1, s2);
        assertThat(ctl(reader, "status", "s3:").exit()).isZero();
        Installation.Result refused = ctl(reader, "stop", "s3:web");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.out()).contains("s3  error: <class 'xmlrpc.client.ProtocolError'>", "403");
        assertThat(serverLog("s3")).containsPattern("POST /RPC2 from 127\\.0\\.0\\.1:\\d+ refused \\(403\\): token "
                + "'viewer' has role read, which may not call supervisor.stopProcess");

        // without a client certificate the TLS server refuses the handshake and says so; the others answer
        Path noCert = ctlConfig("nocert.conf", adminToken, false, s1, s2);
        Installation.Result handshake = ctl(noCert, "status");
        assertThat(handshake.out()).contains("s1  web ", "s2  web ").containsPattern("s3  error: .*");
        assertThat(handshake.exit()).isNotZero();
        Installation.await("handshake refusal logged", () -> serverLog("s3")
                .matches("(?s).*TLS handshake from 127\\.0\\.0\\.1:\\d+ refused: .*"), T);

        // TLS 1.1 and plain HTTP are refused in the handshake, each with one line
        Installation.Result tls11 = Installation.run(dir, Map.of(), T, "curl", "-s", "-k", "--tls-max", "1.1",
                "https://127.0.0.1:" + tlsPort + "/healthz");
        assertThat(tls11.exit()).isNotZero();
        assertThat(Installation.run(dir, Map.of(), T, "curl", "-s", "http://127.0.0.1:" + tlsPort + "/healthz")
                .out()).isEmpty();
        Installation.await("old protocol and plain HTTP refusals logged", () -> serverLog("s3").matches(
                "(?s).*from 127\\.0\\.0\\.1:\\d+ refused: \\(protocol_version\\).*"
                        + "from 127\\.0\\.0\\.1:\\d+ refused: not TLS.*"), T);
        assertThat(serverLog("s3")).doesNotContain("connection error");

        // probes need no credentials (but the client certificate mutual TLS asks of everyone)
        assertThat(curl("/healthz")).isEqualTo("200 ok");
        assertThat(curl("/readyz")).isEqualTo("200 ready: 3 of 3");
        assertThat(curl("/readyz?programs=web")).isEqualTo("200 ready: 1 of 1");
        ctl(admin, "stop", "s3:worker:worker_0");
        assertThat(curl("/readyz")).isEqualTo("503 not ready: 2 of 3 running");
        assertThat(curl("/readyz?programs=web")).isEqualTo("200 ready: 1 of 1");
        assertThat(curl("/readyz?programs=nosuch")).startsWith("400 ");

        // s2 goes away mid-run: reported on its own line, in the exit status, and the others still answer
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Installation.Result down = ctl(admin, "status", "@all:web");
        List<String> downLines = down.out().lines().toList();
        assertThat(downLines).hasSize(3);
        assertThat(downLines.get(0)).matches("s1  web {30}RUNNING   pid \\d+, uptime .*");
        assertThat(downLines.get(1)).isEqualTo("s2  unix://" + s2 + " no such file");
        assertThat(downLines.get(2)).matches("s3  web {30}RUNNING   pid \\d+, uptime .*");
        assertThat(down.exit()).isEqualTo(4);
        Installation.Result downJson = ctl(admin, "--json", "status");
        assertThat(downJson.out()).contains("{\"host\":\"s2\",\"url\":\"unix://" + s2 + "\",\"exit_status\":4}",
                "\"errors\":[\"s2: unix://" + s2 + " no such file\"]", "\"exit_status\":4}");

        // a server that accepts but never answers: its own line after the timeout, the others in time
        try (ServerSocket blackHole = new ServerSocket(0)) {
            Thread accepter = Thread.ofPlatform().daemon().start(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) held.add(blackHole.accept());
                } catch (Exception closed) {
                    // the test is over
                }
            });
            // 10 s: the timeout also covers s1's answer to a cold corridorctl JVM (class loading, first call),
            // which a loaded 2-core machine can stretch past 3 s
            Installation.Result slow = ctl(admin, "--timeout", "10", "-s", "s1=unix://" + s1,
                    "-s", "hole=http://127.0.0.1:" + blackHole.getLocalPort(), "status", "web");
            assertThat(slow.out().lines().toList()).hasSize(2).contains("hole  ERROR (no answer within 10 s)");
            assertThat(slow.out()).contains("s1    web ");
            assertThat(slow.exit()).isEqualTo(4);
            accepter.interrupt();
        }
    }

    private Process start(String name, String server) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, server + "[supervisord]\nlogfile=" + dir.resolve(name + ".log") + "\npidfile="
                + dir.resolve(name + ".pid") + "\nchildlogdir=" + dir + "\n[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n" + PROGRAMS);
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/corridor-supervisord").toString(), "-n", "-c",
                conf.toString()).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = pb.start();
        servers.add(process);
        return process;
    }

    private String serverLog(String name) throws Exception {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private Path ctlConfig(String file, String token, boolean clientCertificate, Path s1, Path s2) throws Exception {
        Path conf = dir.resolve(file);
        Files.writeString(conf, "[supervisorctl]\nserverurls = s1=unix://" + s1 + ",\n  s2=unix://" + s2
                + ",\n  s3=https://127.0.0.1:" + tlsPort + "\ncafile=" + dir.resolve("ca.pem") + "\n"
                + (clientCertificate ? "certfile=" + dir.resolve("client.pem") + "\nkeyfile="
                + dir.resolve("client.key") + "\n" : "") + "token=" + token + "\n");
        return conf;
    }

    private Installation.Result ctl(Path conf, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/corridorctl").toString(), "-c",
                conf.toString()));
        command.addAll(List.of(args));
        return Installation.run(dir, Map.of(), T, command.toArray(String[]::new));
    }

    private String curl(String path) throws Exception {
        Installation.Result r = Installation.run(dir, Map.of(), T, "curl", "-sS", "--cacert",
                dir.resolve("ca.pem").toString(), "--cert", dir.resolve("client.pem").toString(), "--key",
                dir.resolve("client.key").toString(), "-w", "%{http_code} ", "-o", dir.resolve("body").toString(),
                "https://127.0.0.1:" + tlsPort + path);
        assertThat(r.exit()).as(r.toString()).isZero();
        return (r.out() + Files.readString(dir.resolve("body"))).strip();
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private void writeTokens() throws Exception {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        adminToken = HexFormat.of().formatHex(bytes);
        random.nextBytes(bytes);
        readToken = HexFormat.of().formatHex(bytes);
        Files.writeString(dir.resolve("tokens"), "# name role token\nops admin " + adminToken + "\nviewer read "
                + readToken + "\n");
    }

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA (openssl). */
    private void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=corridor test CA");
        for (String who : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr", "-subj",
                    "/CN=corridor test " + who);
            Files.writeString(dir.resolve(who + ".ext"), who.equals("server")
                    ? "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" : "extendedKeyUsage=clientAuth\n");
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", who + ".pem", "-days", "2", "-extfile", who + ".ext");
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Installation.Result r = Installation.run(dir, Map.of(), T, command.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
    }
}
