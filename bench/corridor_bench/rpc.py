"""XML-RPC over the supervisor's unix socket (what supervisorctl does with serverurl=unix://...)."""
import http.client
import socket
import xmlrpc.client


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, socket_path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._socket_path = socket_path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._socket_path)
        self.sock = sock


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, socket_path, timeout):
        super().__init__()
        self._socket_path = socket_path
        self._timeout = timeout

    def make_connection(self, host):
        # Same caching contract as the base class, so keep-alive works and close() closes it.
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        connection = _UnixHTTPConnection(self._socket_path, self._timeout)
        self._connection = host, connection
        return connection


def connect(socket_path, timeout=180.0):
    """A ServerProxy whose `.supervisor.*` calls go to the unix socket at socket_path."""
    return xmlrpc.client.ServerProxy(
        "http://localhost/RPC2", transport=_UnixTransport(socket_path, timeout), allow_none=True)
