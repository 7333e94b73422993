#!/usr/bin/python3
"""Generates the golden fixtures for GoldenConfigTest, ONCE; the JSON files are committed, python is not needed
at test time.

For every *.conf here:
  * "ini": the raw parse of that file alone by configparser.RawConfigParser(inline_comment_prefixes=(';','#'),
    strict=False) -- sections in order, each with items() (DEFAULT applied), no expansion;
  * "supervisor": what Debian's real supervisor (4.2.5, /usr/lib/python3/dist-packages) builds from it with
    ServerOptions.read_config (includes, %-expansion, datatypes, groups), or its error text.
Fixed inputs: environment GOLDEN_ENV, host name 'golden-host', tempdir '/tmp'. This directory's absolute path is
written as @HERE@.

One deliberate deviation from 4.2.5: environment= values are split with shlex in POSIX mode, as Supervisor 4.4
does (backslash escapes inside double quotes, quotes removed by the lexer); the fixtures avoid the cases where the two modes differ otherwise.

Run: /usr/bin/python3 generate.py   (from anywhere)
"""
import configparser, glob, json, os, platform, shlex, sys, tempfile

sys.path.insert(0, '/usr/lib/python3/dist-packages')
from supervisor import datatypes, options  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_ENV = {'HOME': '/home/golden', 'GOLDEN_VAR': 'gv', 'PATH': '/usr/bin:/bin'}
platform.node = lambda: 'golden-host'
tempfile.tempdir = '/tmp'


def posix_key_value_pairs(arg):
    lexer = shlex.shlex(str(arg), posix=True)
    lexer.wordchars += '/.+-():'
    tokens = list(lexer)
    D = {}
    i = 0
    while i < len(tokens):
        k_eq_v = tokens[i:i + 3]
        if len(k_eq_v) != 3 or k_eq_v[1] != '=':
            raise ValueError("Unexpected end of key/value pairs in value '%s'" % arg)
        D[k_eq_v[0]] = k_eq_v[2]  # posix shlex already removed the quotes (Supervisor 4.4)
        i += 4
    return D


datatypes.dict_of_key_value_pairs = posix_key_value_pairs
options.dict_of_key_value_pairs = posix_key_value_pairs


def here(value):
    if isinstance(value, str):
        return value.replace(HERE, '@HERE@')
    if isinstance(value, (list, tuple)):
        return [here(v) for v in value]
    if isinstance(value, dict):
        return {k: here(v) for k, v in value.items()}
    return value


def raw_ini(path):
    parser = configparser.RawConfigParser(inline_comment_prefixes=(';', '#'), strict=False)
    parser.read(path)
    return {'sections': [[s, list(parser.items(s))] for s in parser.sections()],
            'defaults': list(parser.defaults().items())}


def logfile(value):
    if value is None:
        return 'NONE'
    if value is datatypes.Automatic:
        return 'AUTO'
    return value


def autorestart(value):
    if value is datatypes.RestartUnconditionally:
        return 'TRUE'
    if value is datatypes.RestartWhenExitUnexpected:
        return 'UNEXPECTED'
    return 'FALSE'


def process(p):
    try:
        argv = shlex.split(p.command)
    except ValueError:
        argv = []
    out = {'name': p.name, 'command': p.command, 'argv': argv, 'directory': p.directory, 'umask': p.umask,
           'priority': p.priority, 'autostart': p.autostart, 'autorestart': autorestart(p.autorestart),
           'startsecs': p.startsecs, 'startretries': p.startretries, 'uid': p.uid,
           'stopsignal': p.stopsignal, 'stopwaitsecs': p.stopwaitsecs, 'stopasgroup': p.stopasgroup,
           'killasgroup': p.killasgroup, 'exitcodes': p.exitcodes, 'redirect_stderr': p.redirect_stderr,
           'environment': list(p.environment.items()), 'serverurl': p.serverurl or 'AUTO'}
    for stream in ('stdout', 'stderr'):
        out[stream + '_logfile'] = logfile(getattr(p, stream + '_logfile'))
        for key in ('logfile_maxbytes', 'logfile_backups', 'capture_maxbytes', 'events_enabled', 'syslog'):
            out[stream + '_' + key] = getattr(p, stream + '_' + key)
    return out


LEVELS = {50: 'CRITICAL', 40: 'ERROR', 30: 'WARN', 20: 'INFO', 10: 'DEBUG', 5: 'TRACE', 3: 'BLATHER'}


def supervisor_parse(path):
    opts = options.ServerOptions()
    opts.configfile = path
    opts.here = os.path.abspath(os.path.dirname(path))
    opts.environ_expansions = {'ENV_' + k: v for k, v in GOLDEN_ENV.items()}
    try:
        s = opts.read_config(path)
    except ValueError as e:
        return {'error': str(e)}
    norm = options.normalize_path
    groups = sorted(s.process_group_configs, key=lambda g: g.name)
    servers = [{k: v for k, v in c.items() if k in ('name', 'host', 'port', 'file', 'chmod', 'username', 'password')}
               for c in s.server_configs]
    return {
        'supervisord': {'logfile': norm(s.logfile), 'logfile_maxbytes': s.logfile_maxbytes,
                        'logfile_backups': s.logfile_backups, 'loglevel': LEVELS[s.loglevel],
                        'pidfile': norm(s.pidfile), 'umask': s.umask, 'nodaemon': s.nodaemon, 'silent': s.silent,
                        'minfds': s.minfds, 'minprocs': s.minprocs, 'nocleanup': s.nocleanup,
                        'childlogdir': s.childlogdir, 'user': s.user, 'directory': s.directory,
                        'strip_ansi': s.strip_ansi, 'environment': list(s.environment.items()),
                        'identifier': s.identifier},
        'groups': [{'name': g.name, 'priority': g.priority, 'processes': [process(p) for p in g.process_configs]}
                   for g in groups],
        'servers': servers,
        'warnings': opts.parse_warnings,
    }


def malformed():
    """../malformed/*.conf: supervisor's error text for each (null where read_config accepts it)."""
    expected = {}
    for path in sorted(glob.glob(os.path.join(HERE, '..', 'malformed', '*.conf'))):
        result = supervisor_parse(os.path.abspath(path))
        error = result.get('error')
        malformed_dir = os.path.dirname(os.path.abspath(path))
        expected[os.path.basename(path)] = error and error.replace(malformed_dir, '@DIR@')
    with open(os.path.join(HERE, '..', 'malformed', 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write('\n')


def main():
    malformed()
    for path in sorted(glob.glob(os.path.join(HERE, '*.conf'))):
        result = {'ini': raw_ini(path), 'supervisor': supervisor_parse(path)}
        with open(path[:-len('.conf')] + '.json', 'w') as f:
            json.dump(here(result), f, indent=1, sort_keys=True)
            f.write('\n')
        print(os.path.basename(path), 'error' if 'error' in result['supervisor'] else 'ok')


if __name__ == '__main__':
    main()
