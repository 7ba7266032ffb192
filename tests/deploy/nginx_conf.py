"""A small model of an nginx configuration, for check_deploy.py and check_k8s.py.

It parses a file, follows its `include`s (through a function that maps a path nginx would open to a
file here), and routes a request path the way nginx does: the location nginx picks (exact, longest
prefix, `^~`, then regexes in order), `if (...) { return }`, `return`, and `proxy_pass` with its
variables worked out (regex captures, `map`s, a few built-ins). A route says which upstream servers
(host, port) get the request and with which URI, so a check can compare that with the deployment.
Only what spk's files use is modelled; anything else is an NginxError, never a guess.
"""
import glob
import os
import re

PREFIX = "/etc/nginx"  # where nginx resolves relative paths (Debian's package and the official image)


class NginxError(Exception):
    pass


class Directive:
    def __init__(self, name, args, block, where):
        self.name, self.args, self.block, self.where = name, args, block, where

    def __repr__(self):
        return f"{self.name} {' '.join(self.args)}{' {...}' if self.block is not None else ''}"


_TOKEN = re.compile(r'\s+|#[^\n]*|"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|([{};])|([^\s{};"\'#][^\s{};"\']*)')


def _tokens(text, where):
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise NginxError(f"{where}: cannot read at offset {pos}")
        pos = m.end()
        if m.group(1) is not None or m.group(2) is not None:
            yield ("word", m.group(1) if m.group(1) is not None else m.group(2))
        elif m.group(3):
            yield (m.group(3), m.group(3))
        elif m.group(4):
            yield ("word", m.group(4))


def parse(text, where):
    """The directives of a file: a list of Directive, blocks nested."""
    stack, current, words = [], [], []
    for kind, value in _tokens(text, where):
        if kind == "word":
            words.append(value)
        elif kind == ";":
            if not words:
                raise NginxError(f"{where}: empty directive")
            current.append(Directive(words[0], words[1:], None, where))
            words = []
        elif kind == "{":
            if not words:
                raise NginxError(f"{where}: block without a name")
            d = Directive(words[0], words[1:], [], where)
            current.append(d)
            stack.append(current)
            current, words = d.block, []
        else:
            if words or not stack:
                raise NginxError(f"{where}: unbalanced '}}'")
            current = stack.pop()
    if stack or words:
        raise NginxError(f"{where}: unterminated block or directive")
    return current


def load(path, resolve, depth=0):
    """Parse the file nginx knows as PATH, with every include replaced by what it includes.
    resolve(path nginx opens) -> the file here, or None when the deployment does not provide it."""
    local = resolve(path)
    if local is None or not os.path.isfile(local):
        raise NginxError(f"{path}: not provided by the deployment (looked for {local})")
    return _expand(parse(open(local, encoding="utf-8").read(), path), resolve, depth)


def _expand(directives, resolve, depth):
    if depth > 8:
        raise NginxError("includes nested too deep")
    out = []
    for d in directives:
        if d.name == "include":
            target = d.args[0] if d.args else ""
            full = target if target.startswith("/") else os.path.join(PREFIX, target)
            if "*" in full:
                base = resolve(os.path.dirname(full))
                names = sorted(glob.glob(os.path.join(base, os.path.basename(full)))) if base else []
                for n in names:
                    out += load(os.path.join(os.path.dirname(full), os.path.basename(n)), resolve, depth + 1)
                continue
            try:
                out += load(full, resolve, depth + 1)
            except NginxError as e:
                raise NginxError(f"{d.where}: include {target}: {e}")
            continue
        if d.block is not None:
            d = Directive(d.name, d.args, _expand(d.block, resolve, depth), d.where)
        out.append(d)
    return out


def find(directives, name):
    return [d for d in directives if d.name == name]


def walk(directives):
    for d in directives:
        yield d
        if d.block is not None:
            yield from walk(d.block)


def _pcre(pattern):
    return re.sub(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>", r"(?P<\1>", pattern)


class Config:
    """One loaded configuration: `main` (a whole nginx.conf) or `http` (a file for inside http {})."""

    def __init__(self, directives):
        self.main = bool(find(directives, "events"))
        if self.main:
            http = find(directives, "http")
            if len(http) != 1:
                raise NginxError("a whole nginx.conf needs exactly one http block")
            directives = http[0].block
        self.http = directives
        self.upstreams = {d.args[0]: [_host_port(s.args[0]) for s in find(d.block, "server")]
                          for d in find(directives, "upstream")}
        self.maps = {d.args[1].lstrip("$"): d for d in find(directives, "map")}
        self.servers = find(directives, "server")

    def has_resolver(self, server):
        return bool(find(self.http, "resolver") or find(server.block, "resolver"))

    def tls_servers(self):
        return [s for s in self.servers if any("ssl" in d.args for d in find(s.block, "listen"))]

    def certificates(self):
        return [d.args[0] for d in walk(self.http) if d.name in ("ssl_certificate", "ssl_certificate_key")]

    def listen_ports(self, server):
        return {re.sub(r"^.*:", "", d.args[0]) for d in find(server.block, "listen")}

    # ------------------------------------------------------------ routing

    def location(self, server, uri):
        """(location directive, captures) that nginx picks for URI, or (None, {})."""
        best, best_len, regexes = None, -1, []
        for d in find(server.block, "location"):
            mod, pat = (d.args[0], d.args[1]) if len(d.args) == 2 else ("", d.args[0])
            if mod == "=":
                if uri == pat:
                    return d, {}
            elif mod in ("", "^~"):
                if uri.startswith(pat) and len(pat) > best_len:
                    best, best_len = d, len(pat)
            elif mod in ("~", "~*"):
                regexes.append((d, re.compile(_pcre(pat), re.I if mod == "~*" else 0)))
            else:
                raise NginxError(f"{d.where}: location modifier {mod} not modelled")
        if best is not None and best.args[0] == "^~":
            return best, {}
        for d, rx in regexes:
            m = rx.search(uri)
            if m:
                caps = {str(i): g or "" for i, g in enumerate(m.groups(), 1)}
                caps.update({k: v or "" for k, v in m.groupdict().items()})
                return d, caps
        return best, {}

    def expand(self, text, env, depth=0):
        def var(m):
            name = m.group(1) or m.group(2)
            if name in env:
                return env[name]
            if name in self.maps and depth < 8:
                return self.map_value(name, env, depth + 1)
            raise NginxError(f"variable ${name} is not modelled")
        return re.sub(r"\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)", var, text)

    def map_value(self, name, env, depth=0):
        d = self.maps[name]
        source = self.expand(d.args[0], env, depth)
        default, regexes = "", []
        for e in d.block:
            if e.name in ("hostnames", "volatile"):
                continue
            value = e.args[0] if e.args else ""
            if e.name == "default":
                default = value
            elif e.name.startswith("~"):
                rx = e.name[2:] if e.name.startswith("~*") else e.name[1:]
                regexes.append((re.compile(_pcre(rx), re.I if e.name.startswith("~*") else 0), value))
            elif e.name == source:
                return self.expand(value, env, depth)
        for rx, value in regexes:
            m = rx.search(source)
            if m:
                caps = {str(i): g or "" for i, g in enumerate(m.groups(), 1)}
                caps.update({k: v or "" for k, v in m.groupdict().items()})
                return self.expand(value, {**env, **caps}, depth)
        return self.expand(default, env, depth)

    def _condition(self, args, env):
        words = list(args)
        words[0] = words[0][1:] if words[0].startswith("(") else words[0]
        if words[-1] == ")":
            words.pop()
        else:
            words[-1] = words[-1][:-1] if words[-1].endswith(")") else words[-1]
        if len(words) == 1:
            return self.expand(words[0], env) not in ("", "0")
        if len(words) == 3 and words[1] in ("=", "!="):
            equal = self.expand(words[0], env) == self.expand(words[2], env)
            return equal if words[1] == "=" else not equal
        raise NginxError(f"if ({' '.join(args)}) not modelled")

    def route(self, server, uri, host="localhost"):
        """Where nginx sends a GET of URI: {'return': code} or {'servers': [(host, port)], 'uri': ...,
        'upstream': name or None, 'variable': proxy_pass used variables}."""
        loc, caps = self.location(server, uri)
        if loc is None:
            return {"return": 404, "location": None}
        env = {"host": host, "uri": uri, "request_uri": uri, "is_args": "", "args": "",
               "scheme": "https", "http_upgrade": "websocket" if "/ws" in uri else "",
               "remote_addr": "192.0.2.1", **caps}
        return self._run(loc.block, loc, uri, env)

    def _run(self, block, loc, uri, env):
        for d in block:
            if d.name == "return":
                return {"return": int(d.args[0]), "location": loc}
            if d.name == "if":
                if self._condition(d.args, env):
                    r = self._run(d.block, loc, uri, env)
                    if r is not None:
                        return r
            if d.name == "proxy_pass":
                url = self.expand(d.args[0], env)
                m = re.fullmatch(r"(https?)://([^/]+)(/.*)?", url)
                if not m:
                    raise NginxError(f"{d.where}: proxy_pass {d.args[0]} gives {url!r}")
                target, path = m.group(2), m.group(3)
                if path is None:
                    out_uri = uri
                elif "$" in d.args[0]:
                    out_uri = path
                else:
                    out_uri = path + uri[len(loc.args[-1]):]
                if target in self.upstreams:
                    servers = self.upstreams[target]
                else:
                    servers = [_host_port(target, 443 if m.group(1) == "https" else 80)]
                return {"servers": servers, "uri": out_uri, "location": loc,
                        "upstream": target if target in self.upstreams else None, "variable": "$" in d.args[0]}
        return None if block is not loc.block else {"return": 0, "location": loc}


def _host_port(text, default=80):
    m = re.fullmatch(r"([^:\s]+)(?::(\d+))?", text)
    if not m:
        raise NginxError(f"server {text} not modelled")
    return m.group(1), int(m.group(2) or default)
