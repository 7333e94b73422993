"""Side-by-side benchmark of corridor-supervisord against supervisord (python3 stdlib only).

Everything here talks to a supervisor through its external interfaces only: the ini file, XML-RPC on the
unix socket, the main log, the control client, and /proc. That is what lets the same code measure both.
"""
