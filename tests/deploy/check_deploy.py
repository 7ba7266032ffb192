#!/usr/bin/env python3
"""Structural checks of deploy/ that need no cluster and no Docker daemon (scripts/check-deploy.sh).

    check_deploy.py ROOT [--spkd PATH]          all checks below; exit 1 on any failure
    check_deploy.py nginx-prepare SRC DST CERTS  a copy of an nginx file that `nginx -t` can test here

- every *.yml/*.yaml under deploy/ parses (all documents), every *.json too;
- every SPK_ name in deploy/ is a config key of docs/configuration.md;
- with --spkd: `spkd config` accepts each spkd configuration deploy/ gives (YAML files, the systemd
  units' variables, each compose service's and each Kubernetes container's environment);
- Kubernetes (check_k8s.py): probes, resources, security contexts, selectors, references between
  objects, the bridges' per-pod Services and Ingress paths against their bridge.public_url, EMQX's hooks;
- compose: services, health checks, dependencies, the bridges' UDP ports; the nginx config the compose
  nginx mounts (nginx_conf.py: includes followed through the mounts, whole file or http-level,
  upstreams = services and ports, certificates inside mounts, each bridge's public URL path routed
  to that bridge alone, the API to the gateways); deploy/nginx/spk.conf against deploy/k8s (check_k8s.py);
- systemd: the directives every unit must have;
- every metric used by alerts.yml, the PrometheusRule and the Grafana dashboard is in docs/metrics.md
  (histograms with _bucket/_sum/_count), with labels the metric has.
"""
import glob
import json
import os
import re
import subprocess
import sys

import yaml

import nginx_conf
from check_k8s import check_k8s, k8s_objects, k8s_spkd_envs
from deploy_common import PENDING_KEYS, fail, failures, load_yaml_docs, notes, rel

COMPOSE_SERVICES = {"postgres", "redis", "mqtt", "gateway-1", "gateway-2", "bridge-1", "bridge-2", "nginx"}
GEN_CERTS_FILES = {"ca.crt", "server.crt", "server.key"}  # what scripts/gen-certs.sh DIR writes
SYSTEMD_REQUIRED = [
    ("Service", "ProtectSystem", "strict"), ("Service", "ProtectHome", "yes"), ("Service", "PrivateTmp", "yes"),
    ("Service", "NoNewPrivileges", "yes"), ("Service", "CapabilityBoundingSet", ""),
    ("Service", "LimitNOFILE", "20000"), ("Service", "SystemCallFilter", "@system-service"),
    ("Service", "Restart", "on-failure"), ("Service", "StateDirectory", "spk"),
    ("Unit", "Wants", "network-online.target"), ("Install", "WantedBy", "multi-user.target"),
]
SYSTEMD_AFTER = {"network-online.target", "postgresql.service", "redis-server.service"}


# ---------------------------------------------------------------- inputs

def config_keys(root):
    text = open(os.path.join(root, "docs/configuration.md"), encoding="utf-8").read()
    keys = set(re.findall(r"^\| `[^`]+` \| `(SPK_[A-Z0-9_]+)` \|", text, re.M))
    if len(keys) < 20:
        fail("docs/configuration.md", f"only {len(keys)} keys found in the key table: format changed?")
    return keys


def metric_table(root):
    """name -> (type, {labels}) from the tables of docs/metrics.md."""
    text = open(os.path.join(root, "docs/metrics.md"), encoding="utf-8").read()
    rows = re.findall(r"^\| `(spk_[a-z0-9_]+)` \| (counter|gauge|histogram) \| ([^|]*)\|", text, re.M)
    if len(rows) < 10:
        fail("docs/metrics.md", f"only {len(rows)} metrics found: format changed?")
    return {name: (kind, set(re.findall(r"`([a-z_]+)`", labels))) for name, kind, labels in rows}


# ---------------------------------------------------------------- parse everything

def check_parse(root):
    deploy = os.path.join(root, "deploy")
    n = 0
    for path in sorted(glob.glob(os.path.join(deploy, "**/*"), recursive=True)):
        if path.endswith((".yml", ".yaml")):
            try:
                load_yaml_docs(path)
                n += 1
            except yaml.YAMLError as e:
                fail(rel(root, path), f"YAML: {e}")
        elif path.endswith(".json"):
            try:
                json.load(open(path, encoding="utf-8"))
                n += 1
            except ValueError as e:
                fail(rel(root, path), f"JSON: {e}")
    notes.append(f"parsed {n} YAML/JSON files")


def check_env_names(root, keys):
    stale = PENDING_KEYS & keys
    for k in sorted(stale):
        notes.append(f"warning: {k} is in docs/configuration.md now: remove it from PENDING_KEYS")
    used = {}
    for path in glob.glob(os.path.join(root, "deploy/**/*"), recursive=True):
        if not os.path.isfile(path) or "/deploy/nginx/" in path:
            continue
        try:
            text = open(path, encoding="utf-8").read()
        except UnicodeDecodeError:
            continue
        for name in re.findall(r"\bSPK_[A-Z0-9_]+", text):
            used.setdefault(name, rel(root, path))
    for name, where in sorted(used.items()):
        if name not in keys and name not in PENDING_KEYS:
            fail(where, f"{name} is not a config key (docs/configuration.md)")
    pending = sorted(n for n in used if n in PENDING_KEYS and n not in keys)
    notes.append(f"{len(used)} SPK_ names, all config keys" + (f" (pending: {', '.join(pending)})" if pending else ""))


# ---------------------------------------------------------------- spkd config

def run_spkd_config(spkd, where, env, config=None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SPK_")}
    clean.update({k: str(v) for k, v in env.items() if k.startswith("SPK_")})  # unknown names: ignored by spkd
    cmd = [spkd, "config"] + (["--config", config] if config else [])
    r = subprocess.run(cmd, env=clean, capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        fail(where, f"spkd config refuses it: {(r.stderr or r.stdout).strip()}")
    return r.returncode == 0


def read_env_file(path):
    env = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            env[k] = v
    return env


def compose_interpolate(value, env):
    def sub(m):
        name, op, arg = m.group(1), m.group(2), m.group(3)
        if name in env and env[name] != "":
            return env[name]
        if op == ":-":
            return arg
        raise KeyError(name)
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}", sub, str(value))


def check_spkd_configs(root, spkd, units, compose, k8s):
    n = 0
    for path in [os.path.join(root, "deploy/spkd.example.yaml")]:
        n += run_spkd_config(spkd, rel(root, path), {}, path)
    sysd = os.path.join(root, "deploy/systemd")
    secrets = read_env_file(os.path.join(sysd, "spkd.env.example"))
    for name, unit in units.items():
        env = dict(secrets)
        for v in unit.get(("Service", "Environment"), []):
            k, _, val = v.partition("=")
            env[k] = val
        n += run_spkd_config(spkd, f"deploy/systemd/{name}", env, os.path.join(sysd, "spkd.yaml"))
    if compose:
        cenv = read_env_file(os.path.join(root, "deploy/compose/env.example"))
        for sname, svc in compose["services"].items():
            if "serve" not in (svc.get("command") or []):
                continue
            try:
                env = {k: compose_interpolate(v, cenv) for k, v in (svc.get("environment") or {}).items()}
            except KeyError as e:
                fail(f"deploy/compose {sname}", f"variable {e} is neither in env.example nor defaulted")
                continue
            n += run_spkd_config(spkd, f"deploy/compose {sname}", env)
    for wl, c, env in k8s_spkd_envs(k8s):
        n += run_spkd_config(spkd, f"deploy/k8s {wl} container {c}", env)
    notes.append(f"spkd config accepted {n} configurations")


# ---------------------------------------------------------------- compose

def check_compose(root, compose):
    where = "deploy/compose/docker-compose.yml"
    svcs = compose.get("services", {})
    missing = COMPOSE_SERVICES - set(svcs)
    if missing:
        fail(where, f"services missing: {sorted(missing)}")
    volumes = set(compose.get("volumes") or {})
    bridges = {}
    for name, s in svcs.items():
        for dep in s.get("depends_on") or {}:
            if dep not in svcs:
                fail(where, f"{name} depends on unknown service {dep}")
        if "healthcheck" not in s and name != "nginx":
            fail(where, f"{name} has no healthcheck")
        for v in s.get("volumes") or []:
            src = v.split(":")[0]
            if not src.startswith((".", "/")) and src not in volumes:
                fail(where, f"{name} mounts undeclared volume {src}")
            full = os.path.normpath(os.path.join(root, "deploy/compose", src))
            if src.startswith(".") and src.endswith(".conf") and not os.path.exists(full):
                if "/deploy/nginx/" in full and not os.path.isdir(os.path.join(root, "deploy/nginx")):
                    notes.append(f"note: {rel(root, full)} is not here yet (another branch writes it)")
                else:
                    fail(where, f"{name} mounts {src}, which does not exist")
        cmd = s.get("command") or []
        if "serve" in cmd:
            test = " ".join(s.get("healthcheck", {}).get("test", []))
            if "/readyz" not in test:
                fail(where, f"{name}: the healthcheck does not ask /readyz")
            env = s.get("environment") or {}
            if cmd[-1] != ("bridge" if name.startswith("bridge") else "gateway"):
                fail(where, f"{name} runs --role {cmd[-1]}")
            if name.startswith("bridge"):
                port = str(env.get("SPK_BRIDGE_UDP_PORT", "0"))
                if f"{port}:{port}/udp" not in (s.get("ports") or []):
                    fail(where, f"{name}: UDP {port} is not published as {port}:{port}/udp (wake/ack names the bound port)")
                bridges[name] = (env.get("SPK_BRIDGE_ID"), env.get("SPK_BRIDGE_PUBLIC_URL"), port)
    for field, label in ((0, "SPK_BRIDGE_ID"), (1, "SPK_BRIDGE_PUBLIC_URL"), (2, "SPK_BRIDGE_UDP_PORT")):
        values = [b[field] for b in bridges.values()]
        if None in values or len(set(values)) != len(values):
            fail(where, f"bridges need distinct {label}: {values}")
    notes.append(f"compose: {len(svcs)} services checked")


def nginx_is_main(text):
    """A whole nginx.conf (it has an events block) rather than a file for inside http {}."""
    return re.search(r"^\s*events\s*\{", text, re.M) is not None


def compose_mounts(svc):
    """(source here, path in the container) of a service's bind mounts; named volumes left out."""
    out = []
    for v in svc.get("volumes") or []:
        parts = v.split(":")
        if len(parts) >= 2 and parts[0].startswith((".", "/")):
            out.append((parts[0], parts[1].rstrip("/")))
    return out


def check_compose_nginx(root, compose):
    """The nginx config(s) the compose nginx mounts, includes followed: mounted where their kind
    belongs, upstreams = services and ports, certificates inside mounts, and every route: the API to
    the gateways, each bridge's public URL path to that bridge alone with the prefix removed."""
    svcs = compose["services"]
    base = os.path.join(root, "deploy/compose")
    mounts = compose_mounts(svcs.get("nginx", {}))

    def resolve(path):  # a path nginx opens in the container -> the file here, through the mounts
        best = max((m for m in mounts if path == m[1] or path.startswith(m[1] + "/")), key=lambda m: len(m[1]), default=None)
        return None if best is None else os.path.normpath(os.path.join(base, best[0]) + path[len(best[1]):])
    confs = [m for m in mounts if m[1] == "/etc/nginx/nginx.conf" or re.fullmatch(r"/etc/nginx/conf\.d/[^/]+\.conf", m[1])]
    if not confs:
        fail("deploy/compose nginx", "mounts no nginx configuration (/etc/nginx/nginx.conf or /etc/nginx/conf.d/*.conf)")
    cenv = read_env_file(os.path.join(base, "env.example"))
    public_host = cenv.get("PUBLIC_HOST", "localhost")
    gateways = {n for n, s in svcs.items() if (s.get("command") or [])[-1:] == ["gateway"]}
    bridges = {n: s for n, s in svcs.items() if (s.get("command") or [])[-1:] == ["bridge"]}
    published = {}  # host port -> container port of nginx
    for p in svcs.get("nginx", {}).get("ports") or []:
        hp, _, cp = str(p).rpartition(":")
        published[hp or cp] = cp
    for src, dst in confs:
        where = f"deploy/compose nginx {src}"
        try:
            cfg = nginx_conf.Config(nginx_conf.load(dst, resolve))
        except nginx_conf.NginxError as e:
            fail(where, str(e))
            continue
        if cfg.main != (dst == "/etc/nginx/nginx.conf"):
            fail(where, f"mounted at {dst}, but it is {'a whole nginx.conf' if cfg.main else 'a file for inside http {}'}")
        for name, servers in cfg.upstreams.items():
            for host, port in servers:
                env_port = str((svcs.get(host, {}).get("environment") or {}).get("SPK_HTTP_PORT", ""))
                if host not in svcs:
                    fail(where, f"upstream {name}: {host}:{port} is not a compose service")
                elif env_port and env_port != str(port):
                    fail(where, f"upstream {name}: {host}:{port}, but {host} listens on {env_port}")
        for path in cfg.certificates():
            full = path if path.startswith("/") else os.path.join(nginx_conf.PREFIX, path)
            here = resolve(full)
            if here is None:
                fail(where, f"certificate {path} is in no directory mounted into nginx ({', '.join(m[1] for m in mounts)})")
            elif os.path.isdir(os.path.dirname(here)) and not os.path.exists(here):
                fail(where, f"certificate {path}: no {rel(root, here)}")
            elif not os.path.isdir(os.path.dirname(here)) and os.path.basename(here) not in GEN_CERTS_FILES:
                fail(where, f"certificate {path}: scripts/gen-certs.sh writes no {os.path.basename(here)}")
        servers = cfg.tls_servers()
        if len(servers) != 1:
            fail(where, f"{len(servers)} TLS server blocks, expected 1")
            continue
        server = servers[0]
        checks = [(u, gateways, u) for u in ("/api/devices", "/ws", "/readyz")]
        for b, s in sorted(bridges.items()):
            url = compose_interpolate((s.get("environment") or {}).get("SPK_BRIDGE_PUBLIC_URL", ""), cenv)
            m = re.fullmatch(r"https://([^/:]+)(?::(\d+))?(/.*)?", url)
            if not m:
                fail(where, f"{b}: SPK_BRIDGE_PUBLIC_URL {url!r} is not https://HOST[:PORT]/PATH")
                continue
            if published.get(m.group(2) or "443") not in cfg.listen_ports(server):
                fail(where, f"{b}: its public URL's port {m.group(2) or 443} is no published port of nginx's TLS server")
            checks += [((m.group(3) or "") + sfx, {b}, sfx) for sfx in ("/ws/audio", "/audio/fallback/TOKEN")]
        for uri in ("/api/broker/auth", "/metrics"):
            r = cfg.route(server, uri, public_host)
            if "servers" in r:
                fail(where, f"{uri} is proxied to {r['servers']}: it must stay inside")
        for uri, want, want_uri in checks:
            try:
                r = cfg.route(server, uri, public_host)
            except nginx_conf.NginxError as e:
                fail(where, f"{uri}: {e}")
                continue
            if "servers" not in r:
                fail(where, f"{uri} does not reach {', '.join(sorted(want))} (return {r['return']})")
                continue
            if r["variable"] and r["upstream"] is None and not cfg.has_resolver(server):
                fail(where, f"{uri}: proxy_pass names a host through variables, but there is no resolver")
            got = {h for h, _ in r["servers"]}
            if got != want:
                fail(where, f"{uri} goes to {', '.join(sorted(got))}, not {', '.join(sorted(want))}")
            elif r["uri"] != want_uri:
                fail(where, f"{uri} reaches {', '.join(sorted(want))} as {r['uri']}, not {want_uri}")
        notes.append(f"compose nginx {src}: {len(checks)} paths routed to the right services")


# ---------------------------------------------------------------- systemd

def parse_unit(path):
    unit, section = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        k, _, v = line.partition("=")
        unit.setdefault((section, k.strip()), []).append(v.strip())
    return unit


def check_systemd(root):
    units = {}
    for path in sorted(glob.glob(os.path.join(root, "deploy/systemd/*.service"))):
        name = os.path.basename(path)
        u = units[name] = parse_unit(path)
        for section, key, value in SYSTEMD_REQUIRED:
            if value not in u.get((section, key), []):
                fail(f"deploy/systemd/{name}", f"[{section}] {key}={value} missing")
        if not (u.get(("Service", "User")) or "yes" in u.get(("Service", "DynamicUser"), [])):
            fail(f"deploy/systemd/{name}", "neither User= nor DynamicUser=yes")
        if not u.get(("Service", "RestrictAddressFamilies")):
            fail(f"deploy/systemd/{name}", "no RestrictAddressFamilies=")
        if not u.get(("Service", "EnvironmentFile")):
            fail(f"deploy/systemd/{name}", "no EnvironmentFile= for the secrets")
        after = set(" ".join(u.get(("Unit", "After"), [])).split())
        if not SYSTEMD_AFTER <= after:
            fail(f"deploy/systemd/{name}", f"After= lacks {sorted(SYSTEMD_AFTER - after)}")
        role = {"spkd.service": "all"}.get(name, name[len("spkd-"):-len(".service")])
        exec_start = " ".join(u.get(("Service", "ExecStart"), []))
        if not re.fullmatch(r"/usr/bin/spkd serve --config /etc/spk/spkd\.yaml --role " + re.escape(role), exec_start):
            fail(f"deploy/systemd/{name}", f"ExecStart is not 'spkd serve --config /etc/spk/spkd.yaml --role {role}'")
    for need in ("spkd-gateway.service", "spkd-bridge.service", "spkd.service"):
        if need not in units:
            fail("deploy/systemd", f"{need} missing")
    notes.append(f"systemd: {len(units)} units checked")
    return units


# ---------------------------------------------------------------- metrics

def promql_exprs(root):
    out = []
    alerts = yaml.safe_load(open(os.path.join(root, "deploy/prometheus/alerts.yml")))
    for g in alerts["groups"]:
        for r in g["rules"]:
            out.append((f"alerts.yml {r.get('alert') or r.get('record')}", r["expr"]))
    dash = json.load(open(os.path.join(root, "deploy/grafana/spk-dashboard.json")))

    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                out.append((f"spk-dashboard.json '{p.get('title')}'", t["expr"]))
            walk(p.get("panels", []))
    walk(dash.get("panels", []))
    return out


def check_metrics(root, table):
    exprs = promql_exprs(root)
    used = set()
    for where, expr in exprs:
        for m in re.finditer(r"\b(spk_[a-z0-9_]+)\b(\{[^}]*\})?", expr):
            name, matchers = m.group(1), m.group(2) or ""
            base, suffix = name, ""
            s = re.fullmatch(r"(.+)_(bucket|sum|count)", name)
            if name not in table and s and table.get(s.group(1), ("",))[0] == "histogram":
                base, suffix = s.group(1), s.group(2)
            if base not in table:
                fail(where, f"{name} is not in docs/metrics.md")
                continue
            used.add(base)
            allowed = {"job", "instance"} | table[base][1] | ({"le"} if suffix == "bucket" else set())
            for label in re.findall(r"([a-zA-Z_]+)\s*(?:=~|!~|!=|=)", matchers):
                if label not in allowed:
                    fail(where, f"{name} has no label {label}")
        for by in re.findall(r"\bby\s*\(([^)]*)\)", expr):
            for label in (x.strip() for x in by.split(",")):
                known = {"job", "instance", "le"}.union(*(t[1] for t in table.values()))
                if label and label not in known:
                    fail(where, f"grouping by {label}, which no metric has")
    notes.append(f"{len(exprs)} PromQL expressions use {len(used)} metrics, all in docs/metrics.md")


# ---------------------------------------------------------------- nginx

def nginx_prepare(src, dst, certs):
    """Copy SRC to DST with certificate paths pointing at CERTS, absolute includes of .../snippets/X
    pointing at snippets/X beside DST (check-deploy.sh copies deploy/nginx/snippets there; relative
    includes resolve there already) and host names that cannot resolve here (compose service names,
    cluster host names) replaced by 127.0.0.1, ports kept. Prints 'main' when SRC is a whole nginx.conf
    (it has an events block), else 'http' (it belongs inside http {})."""
    text = open(src, encoding="utf-8").read()
    here = os.path.dirname(os.path.abspath(dst))
    text = re.sub(r"(\binclude\s+)/[^;\s]*/snippets/([^;\s]+);", rf"\1{here}/snippets/\2;", text)
    text = re.sub(r"(\bssl_certificate)\s+[^;]+;", rf"\1 {certs}/server.crt;", text)
    text = re.sub(r"(\bssl_certificate_key)\s+[^;]+;", rf"\1 {certs}/server.key;", text)
    text = re.sub(r"(\bssl_(?:trusted|client)_certificate)\s+[^;]+;", rf"\1 {certs}/ca.crt;", text)
    upstreams = set(re.findall(r"\bupstream\s+([A-Za-z0-9_.-]+)\s*\{", text))

    def host_ok(h):
        return re.fullmatch(r"[0-9.]+|\[[0-9a-fA-F:]+\]|unix:.*|localhost", h) is not None

    def server_line(m):
        host = m.group(2)
        return m.group(0) if host_ok(host) else f"{m.group(1)}127.0.0.1{m.group(3)}"
    text = re.sub(r"(\bserver\s+)([A-Za-z0-9_.-]+)(:\d+)", server_line, text)

    def proxy(m):
        host = m.group(3)
        return m.group(0) if host in upstreams or host_ok(host) or "$" in host else f"{m.group(1)}{m.group(2)}127.0.0.1"
    text = re.sub(r"(\b(?:proxy|grpc)_pass\s+)(https?://|grpc://)([A-Za-z0-9_.$-]+)", proxy, text)
    text = re.sub(r"^\s*pid\s+[^;]+;", "", text, flags=re.M)
    open(dst, "w", encoding="utf-8").write(text)
    print("main" if nginx_is_main(text) else "http")


def main(argv):
    if argv[1:2] == ["nginx-prepare"]:
        return nginx_prepare(*argv[2:5])
    root = os.path.abspath(argv[1])
    spkd = argv[argv.index("--spkd") + 1] if "--spkd" in argv else None
    check_parse(root)
    keys = config_keys(root)
    check_env_names(root, keys)
    units = check_systemd(root)
    compose = yaml.safe_load(open(os.path.join(root, "deploy/compose/docker-compose.yml")))
    check_compose(root, compose)
    check_compose_nginx(root, compose)
    objs = k8s_objects(root)
    check_k8s(root, objs)
    check_metrics(root, metric_table(root))
    if spkd:
        check_spkd_configs(root, spkd, units, compose, objs)
    else:
        notes.append("spkd not given: the configurations were not loaded by spkd config")
    for n in notes:
        print(f"check_deploy: {n}")
    for f in dict.fromkeys(failures):
        print(f"check_deploy: FAIL {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv) or 0)
