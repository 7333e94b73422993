package io.corridor.supervisor.ctl.fleet;

import io.corridor.supervisor.config.ServerList;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a command's words are split between the servers of a fleet. */
class HostRoutingTest {
    private static final List<ServerList.Server> HOSTS = ServerList.parse(
            "api-1=unix:///a.sock, api-2=unix:///b.sock, worker=https://w:9001");

    @Test
    void withoutAServerNameEveryServerGetsEveryWord() {
        assertThat(route()).containsExactly(Map.entry("api-1", List.of()), Map.entry("api-2", List.of()),
                Map.entry("worker", List.of()));
        assertThat(route("web", "g:*")).containsOnlyKeys("api-1", "api-2", "worker")
                .containsEntry("worker", List.of("web", "g:*"));
    }

    @Test
    void prefixedWordsGoToTheirServerOnlyAndTheCommandRunsOnlyThere() {
        assertThat(route("api-2:web", "worker:g:*", "worker:g:p_1")).containsExactly(
                Map.entry("api-2", List.of("web")), Map.entry("worker", List.of("g:*", "g:p_1")));
        // a group that is not a server name stays a namespec
        assertThat(route("g:p")).containsEntry("api-1", List.of("g:p")).hasSize(3);
    }

    @Test
    void plainWordsKeepTheirPlaceOnEveryTargetServer() {
        assertThat(route("HUP", "api-1:web", "worker:web")).containsExactly(
                Map.entry("api-1", List.of("HUP", "web")), Map.entry("worker", List.of("HUP", "web")));
        assertThat(route("-100", "api-2:web", "stderr")).containsExactly(
                Map.entry("api-2", List.of("-100", "web", "stderr")));
    }

    @Test
    void allHostsAndEmptyPrefixesMeanAll() {
        assertThat(route("@all")).containsEntry("api-1", List.of("all")).containsEntry("worker", List.of("all"));
        assertThat(route("@all:web", "api-1:db")).containsExactly(Map.entry("api-1", List.of("web", "db")),
                Map.entry("api-2", List.of("web")), Map.entry("worker", List.of("web")));
        assertThat(route("api-1:")).containsExactly(Map.entry("api-1", List.of("all")));
    }

    private static Map<String, List<String>> route(String... words) {
        return HostRouting.route(HOSTS, List.of(words));
    }
}
