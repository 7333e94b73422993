package io.corridor.supervisor.ctl.rpc;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Calls {@code supervisor.*} methods over XML-RPC on one kept-alive connection. */
public final class SupervisorClient implements Closeable {
    private final ServerUrl url;
    private final HttpConnection connection;

    public SupervisorClient(ServerUrl url, String username, String password) {
        this.url = url;
        this.connection = new HttpConnection(url, username, password);
    }

    public ServerUrl url() {
        return url;
    }

    public HttpConnection connection() {
        return connection;
    }

    public Object call(String method, Object... params) throws IOException, XmlRpcFault {
        byte[] response = connection.post("/RPC2", XmlRpcWriter.methodCall(method, Arrays.asList(params)));
        return XmlRpcReader.methodResponse(new String(response, StandardCharsets.UTF_8));
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
