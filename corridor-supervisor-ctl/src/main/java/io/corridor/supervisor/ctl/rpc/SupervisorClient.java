package io.corridor.supervisor.ctl.rpc;

import io.corridor.supervisor.json.JsonReader;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Calls {@code supervisor.*} methods over XML-RPC on one kept-alive connection. */
public final class SupervisorClient implements Closeable {
    private final ServerUrl url;
    private final HttpConnection connection;

    public SupervisorClient(ServerUrl url, String username, String password) {
        this(url, username, password, ClientSecurity.NONE);
    }

    public SupervisorClient(ServerUrl url, String username, String password, ClientSecurity security) {
        this.url = url;
        this.connection = new HttpConnection(url, username, password, security);
    }

    public ServerUrl url() {
        return url;
    }

    public HttpConnection connection() {
        return connection;
    }

    public Object call(String method, Object... params) throws IOException, XmlRpcFault {
        byte[] response = connection.post("/RPC2", XmlRpcWriter.methodCall(method, Arrays.asList(params)));
        return XmlRpcReader.methodResponse(response, response.length);
    }

    private static final String STATUS_PATH =
            "/api/v1/processes?fields=group,name,state,stateCode,description&rows=true&pretty=false";

    /**
     * What {@code status} shows of every process, from corridor-supervisord's REST API as rows of five values: a
     * tenth of the bytes of the XML-RPC answer and no struct per process, which a cold client otherwise spends most
     * of its time decoding. Empty when the server does not offer it (supervisord answers 404) or cannot be asked:
     * the caller then goes the XML-RPC way, which also reports any connection or auth problem with supervisorctl's
     * words.
     */
    public Optional<List<ProcessStatus>> processStatusFromRest() {
        byte[] body;
        try {
            body = connection.get(STATUS_PATH);
        } catch (IOException e) {
            connection.close();
            return Optional.empty();
        }
        try {
            if (!(JsonReader.read(body, body.length) instanceof List<?> rows)) {
                return Optional.empty();
            }
            List<ProcessStatus> statuses = new ArrayList<>(rows.size());
            for (Object row : rows) {
                if (!(row instanceof List<?> values) || values.size() != 5
                        || !(values.get(0) instanceof String group) || !(values.get(1) instanceof String name)
                        || !(values.get(2) instanceof String statename) || !(values.get(3) instanceof Long state)
                        || !(values.get(4) instanceof String description)) {
                    return Optional.empty();
                }
                statuses.add(new ProcessStatus(group, name, statename, state.intValue(), description, null));
            }
            return Optional.of(statuses);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** corridor's fields beside getAllProcessInfo's, for {@code status --json}, in this order. */
    public static final List<String> CORRIDOR_FIELDS = List.of("health", "stoppedByHand", "treeProcesses",
            "treeRssBytes", "treeCpuSeconds", "maxMemory");
    private static final String EXTRAS_PATH = "/api/v1/processes?fields=namespec," + String.join(",", CORRIDOR_FIELDS)
            + "&rows=true&pretty=false";

    /**
     * corridor's own view of each process ({@link #CORRIDOR_FIELDS}: health, when it was stopped by hand, its whole
     * tree's processes, RSS and CPU) by namespec; empty from a server without the REST API (supervisord).
     */
    public Map<String, Map<String, Object>> corridorFieldsFromRest() {
        try {
            byte[] body = connection.get(EXTRAS_PATH);
            if (!(JsonReader.read(body, body.length) instanceof List<?> rows)) return Map.of();
            Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
            for (Object row : rows) {
                if (!(row instanceof List<?> values) || values.size() != CORRIDOR_FIELDS.size() + 1
                        || !(values.get(0) instanceof String namespec)) return Map.of();
                Map<String, Object> fields = new java.util.LinkedHashMap<>();
                for (int i = 0; i < CORRIDOR_FIELDS.size(); i++) fields.put(CORRIDOR_FIELDS.get(i), values.get(i + 1));
                byName.put(namespec, fields);
            }
            return byName;
        } catch (IOException e) {
            connection.close(); // as processStatusFromRest: the next call starts on a fresh connection
            return Map.of();
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    public String callString(String method, Object... params) throws IOException, XmlRpcFault {
        return String.valueOf(call(method, params));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> callStructs(String method, Object... params) throws IOException, XmlRpcFault {
        return (List<Map<String, Object>>) call(method, params);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> callStruct(String method, Object... params) throws IOException, XmlRpcFault {
        return (Map<String, Object>) call(method, params);
    }

    @Override
    public void close() {
        connection.close();
    }
}
