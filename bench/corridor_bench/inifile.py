"""Generates the Supervisor ini that both supervisors run, unchanged."""
import os


def _fds_needed(program_count):
    # Three pipes per child (stdin, stdout, stderr) plus headroom. Not more than needed: supervisord closes
    # fds 3..minfds-1 one by one in every child it forks, so a huge minfds would tax its spawn figures.
    return max(1024, program_count * 4 + 256)


def write_ini(workdir, programs):
    """Writes workdir/supervisord.conf for `programs` ({name: {key: value}}) and returns its path."""
    socket_path = os.path.join(workdir, "supervisor.sock")
    sections = [
        "[unix_http_server]", f"file={socket_path}", "",
        "[supervisord]",
        f"logfile={os.path.join(workdir, 'supervisord.log')}",
        f"pidfile={os.path.join(workdir, 'supervisord.pid')}",
        f"childlogdir={workdir}",
        "loglevel=info",
        f"minfds={_fds_needed(len(programs))}",
        f"minprocs={max(200, len(programs) + 256)}",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
        "[supervisorctl]", f"serverurl=unix://{socket_path}", "",
    ]
    for name, keys in programs.items():
        sections.append(f"[program:{name}]")
        sections.extend(f"{key}={value}" for key, value in keys.items())
        sections.append("")
    path = os.path.join(workdir, "supervisord.conf")
    with open(path, "w") as ini:
        ini.write("\n".join(sections))
    return path


def sleeper_fleet(count):
    """`count` idle children, started on request, restarted after any exit, RUNNING as soon as spawned."""
    return {f"p{index:04d}": {
        "command": "sleep 100000",
        "autostart": "false",
        "autorestart": "true",
        "startsecs": "0",
        "stdout_logfile": "NONE",
        "stderr_logfile": "NONE",
    } for index in range(count)}


def output_generators(count, workdir, byte_count, maxbytes, backups):
    """`count` one-shot children that each write byte_count bytes to a rotating stdout log of their own."""
    return {f"gen{index}": {
        "command": f"head -c {byte_count} /dev/zero",
        "autostart": "false",
        "autorestart": "false",
        "startsecs": "0",
        "stdout_logfile": os.path.join(workdir, f"gen{index}.log"),
        "stdout_logfile_maxbytes": maxbytes,
        "stdout_logfile_backups": str(backups),
        "stderr_logfile": "NONE",
    } for index in range(count)}


LINE = "x" * 99  # with its newline: 100-byte lines, 5 000 000 of them in 500 MB


def line_generators(workdir, byte_count, maxbytes, backups, formats):
    """One one-shot child per log_format (corridor's key) writing byte_count bytes of 100-byte lines."""
    return {f"fmt_{log_format}": {
        "command": f"/bin/sh -c 'yes {LINE} | head -c {byte_count}'",
        "autostart": "false",
        "autorestart": "false",
        "startsecs": "0",
        "stdout_logfile": os.path.join(workdir, f"fmt_{log_format}.log"),
        "stdout_logfile_maxbytes": maxbytes,
        "stdout_logfile_backups": str(backups),
        "stderr_logfile": "NONE",
        "log_format": log_format,
    } for log_format in formats}
