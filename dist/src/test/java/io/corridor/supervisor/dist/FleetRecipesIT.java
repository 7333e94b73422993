package io.corridor.supervisor.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the distribution ships for fleets (share/prometheus, share/grafana, share/containers, share/kubernetes,
 * share/nomad): promtool accepts the scrape configuration, the alert rules and a live /metrics scrape; the rules and
 * the dashboard use only series that exist; the manifests parse, reference only files of the distribution, and give
 * the ordered stop the time the programs' stopwaitsecs need.
 */
class FleetRecipesIT {
    private static final Duration T = Duration.ofSeconds(120);
    private static final Pattern SERIES = Pattern.compile("\\b(corridor_[a-z_]+)\\b");
    /** Added by the health-check feature; the rules and dashboard name it ahead of it. */
    private static final Set<String> PENDING_SERIES = Set.of("corridor_process_healthy");
    private static final String INSTALL_ROOT = "/opt/corridor-supervisor/";

    @TempDir Path dir;
    private final Path dist = Path.of(System.getProperty("corridor.dist"));
    private final Path share = dist.resolve("share");
    private final ObjectMapper json = new ObjectMapper();
    private Process server;

    @AfterEach
    void stopServer() throws Exception {
        if (server == null) return;
        List<ProcessHandle> programs = server.descendants().toList();
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) server.destroyForcibly();
        List<ProcessHandle> left = programs.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("programs left running").isEmpty();
    }

    @Test
    void promtoolAcceptsConfigRulesAndALiveScrape() throws Exception {
        requireTool("promtool", "Debian's prometheus package");
        // the operator supplies the CA and the read token next to the config; promtool wants them to exist
        Path prom = dir.resolve("prometheus");
        Files.createDirectories(prom);
        for (String file : List.of("prometheus.yml", "corridor-alerts.yml")) {
            Files.copy(share.resolve("prometheus").resolve(file), prom.resolve(file));
        }
        Files.writeString(prom.resolve("corridor-ca.pem"), "");
        Files.writeString(prom.resolve("corridor-read.token"), "");
        Installation.Result config = Installation.run(prom, Map.of(), T, "promtool", "check", "config",
                "prometheus.yml");
        assertThat(config.exit()).as(config.toString()).isZero();
        assertThat(config.out()).contains("SUCCESS: 1 rule files found");
        Installation.Result rules = Installation.run(prom, Map.of(), T, "promtool", "check", "rules",
                "corridor-alerts.yml");
        assertThat(rules.exit()).as(rules.toString()).isZero();

        // a live scrape with a read token over [inet_http_server]
        int port = freePort();
        String token = "prometheus-read-0123456789abcdef";
        Files.writeString(dir.resolve("tokens"), "prometheus read " + token + "\n");
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "[inet_http_server]\nport=127.0.0.1:" + port + "\ntokens_file=" + dir.resolve("tokens")
                + "\n[supervisord]\nlogfile=" + dir.resolve("s.log") + "\npidfile=" + dir.resolve("s.pid")
                + "\nchildlogdir=" + dir + "\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = "
                + "supervisor.rpcinterface:make_main_rpcinterface\n[program:sleeper]\ncommand=sleep 100000\n"
                + "startsecs=0\n[program:quitter]\ncommand=/bin/false\nstartretries=1\n");
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/corridor-supervisord").toString(), "-n", "-c",
                conf.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("s.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        server = pb.start();
        Path scrape = dir.resolve("metrics.txt");
        // one refused request first, so that corridor_control_errors_total (made at the first error) is served too
        Installation.await("401 without a token", () -> Installation.run(dir, Map.of(), T, "curl", "-s", "-o",
                "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:" + port + "/metrics").out().equals("401"), T);
        Installation.await("quitter FATAL in /metrics", () -> curlMetrics(port, token, scrape)
                && Files.readString(scrape).contains("corridor_process_state{group=\"quitter\",name=\"quitter\"} 200"), T);
        Installation.Result lint = Installation.run(dir, Map.of(), T, "sh", "-c",
                "promtool check metrics < " + scrape);
        assertThat(lint.exit()).as(lint.toString()).isZero();

        // every series the rules and the dashboard use is served (or documented as pending)
        Set<String> served = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^(corridor_[a-z_]+)").matcher(Files.readString(scrape));
        while (m.find()) served.add(m.group(1));
        String documented = Files.readString(dist.resolve("docs/metrics.md"));
        Set<String> used = new TreeSet<>();
        used.addAll(series(Files.readString(share.resolve("prometheus/corridor-alerts.yml"))));
        used.addAll(series(Files.readString(share.resolve("grafana/corridor-supervisor.json"))));
        assertThat(used).contains("corridor_process_state", "corridor_process_restarts_total",
                "corridor_process_spawn_failures_total", "corridor_process_healthy");
        for (String name : used) {
            if (PENDING_SERIES.contains(name)) continue;
            assertThat(served).as("series served by /metrics").contains(name);
            assertThat(documented).as("docs/metrics.md").contains("`" + name);
        }
    }

    @Test
    void grafanaDashboardIsJsonOverThePrometheusDatasource() throws Exception {
        JsonNode dashboard = json.readTree(share.resolve("grafana/corridor-supervisor.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("corridor-supervisor");
        assertThat(dashboard.path("panels").size()).isGreaterThan(5);
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).contains("instance=~\"$instance\"");
            }
        }
    }

    @Test
    void manifestsParseAndReferenceOnlyFilesThatExist() throws Exception {
        requireTool("/usr/bin/python3", "python3 with Debian's python3-yaml");
        int stopBudget = stopBudgetSeconds(Files.readString(share.resolve("containers/corridor-components.conf")));
        assertThat(stopBudget).isEqualTo(80);

        // Kubernetes: YAML documents, probes on /healthz and /readyz, preStop, enough grace for the ordered stop
        List<JsonNode> k8s = yaml(share.resolve("kubernetes/corridor-supervisor.yaml"));
        JsonNode pod = k8s.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst()
                .orElseThrow().path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(container.path("lifecycle").path("preStop").path("exec").path("command").toString())
                .contains("corridorctl", "stop", "all");
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(stopBudget);
        assertThat(k8s.stream().map(d -> d.path("kind").asText())).contains("Service");
        assertInstallPathsExist(Files.readString(share.resolve("kubernetes/corridor-supervisor.yaml")));

        // Prometheus files are YAML too (promtool checks them further when present)
        assertThat(yaml(share.resolve("prometheus/prometheus.yml")).getFirst().path("scrape_configs").size()).isOne();
        assertThat(yaml(share.resolve("prometheus/corridor-alerts.yml")).getFirst().path("groups").get(0)
                .path("rules").size()).isGreaterThanOrEqualTo(5);

        // Nomad: balanced HCL, both checks, kill_timeout covering the ordered stop
        String nomad = Files.readString(share.resolve("nomad/corridor-supervisor.nomad.hcl"));
        assertBalancedHcl(nomad);
        assertThat(nomad).contains("job \"corridor-supervisor\"", "path     = \"/healthz\"",
                "path     = \"/readyz\"", "kill_signal  = \"SIGTERM\"");
        Matcher kill = Pattern.compile("kill_timeout\\s*=\\s*\"(\\d+)s\"").matcher(nomad);
        assertThat(kill.find()).isTrue();
        assertThat(Integer.parseInt(kill.group(1))).isGreaterThan(stopBudget);
        assertInstallPathsExist(nomad);

        // Containerfile: every COPY source is in the distribution, the entry point too
        String containerfile = Files.readString(share.resolve("containers/Containerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(containerfile);
        int copies = 0;
        while (copy.find()) {
            copies++;
            assertThat(dist.resolve(copy.group(1))).as("COPY source").exists();
        }
        assertThat(copies).isGreaterThanOrEqualTo(5);
        assertThat(containerfile).contains("ENTRYPOINT [\"/opt/corridor-supervisor/bin/corridor-supervisord\", \"-n\"");
        assertInstallPathsExist(containerfile);
    }

    /** Paths under the image's install root must be files of the distribution; etc/secrets is mounted at run time. */
    private void assertInstallPathsExist(String text) {
        Matcher m = Pattern.compile(Pattern.quote(INSTALL_ROOT) + "([A-Za-z0-9_./-]*)").matcher(text);
        int found = 0;
        while (m.find()) {
            String relative = m.group(1).replaceAll("/+$", "");
            found++;
            if (relative.startsWith("etc/secrets") || relative.isEmpty()) continue;
            Path inDist = dist.resolve(relative);
            if (relative.equals("etc/supervisord.conf") || relative.equals("etc/conf.d/corridor.conf")) {
                assertThat(inDist).as(relative + " (replaced by the image)").exists();
                continue;
            }
            assertThat(inDist).as(m.group()).exists();
        }
        assertThat(found).isPositive();
    }

    /** Per priority level the longest stopwaitsecs (10 when unset), summed: how long an ordered stop may take. */
    static int stopBudgetSeconds(String ini) {
        Map<Integer, Integer> longest = new java.util.TreeMap<>();
        for (String section : ini.split("(?m)^\\[program:")) {
            if (!section.contains("command=")) continue;
            int priority = intKey(section, "priority", 999);
            int stopwait = intKey(section, "stopwaitsecs", 10);
            longest.merge(priority, stopwait, Math::max);
        }
        return longest.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static int intKey(String section, String key, int dflt) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(\\d+)").matcher(section);
        return m.find() ? Integer.parseInt(m.group(1)) : dflt;
    }

    /** Braces and brackets balance outside strings, strings close on their line. */
    private static void assertBalancedHcl(String hcl) {
        int depth = 0;
        for (String line : hcl.split("\n")) {
            boolean inString = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inString) {
                    if (c == '\\') i++;
                    else if (c == '"') inString = false;
                    continue;
                }
                if (c == '#') break;
                if (c == '"') inString = true;
                else if (c == '{' || c == '[') depth++;
                else if (c == '}' || c == ']') depth--;
                assertThat(depth).as("nesting at: " + line).isNotNegative();
            }
            assertThat(inString).as("unclosed string: " + line).isFalse();
        }
        assertThat(depth).as("unbalanced braces").isZero();
    }

    private List<JsonNode> yaml(Path file) throws Exception {
        Installation.Result r = Installation.run(dir, Map.of(), T, "/usr/bin/python3", "-c",
                "import json, sys, yaml\n"
                        + "print(json.dumps([d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]))",
                file.toString());
        assertThat(r.exit()).as(file + ": " + r).isZero();
        List<JsonNode> documents = new ArrayList<>();
        json.readTree(r.out()).forEach(documents::add);
        assertThat(documents).as(file.toString()).isNotEmpty();
        return documents;
    }

    private static Set<String> series(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private boolean curlMetrics(int port, String token, Path into) throws Exception {
        Installation.Result r = Installation.run(dir, Map.of(), T, "curl", "-sf", "-H", "Authorization: Bearer " + token,
                "-o", into.toString(), "http://127.0.0.1:" + port + "/metrics");
        return r.exit() == 0;
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Skips without the tool, except on CI (CI=true), where .ci/run installs it and its absence is a failure. */
    private void requireTool(String tool, String from) throws Exception {
        boolean present;
        try {
            present = Installation.run(dir, Map.of(), T, "sh", "-c", "command -v " + tool).exit() == 0
                    && (!tool.endsWith("python3")
                    || Installation.run(dir, Map.of(), T, tool, "-c", "import yaml").exit() == 0);
        } catch (java.io.IOException e) {
            present = false;
        }
        Installation.require(present, tool + " (" + from + ")");
    }
}
