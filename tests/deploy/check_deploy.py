#!/usr/bin/env python3
"""Structural checks of deploy/ that need no cluster and no Docker daemon (scripts/check-deploy.sh).

    check_deploy.py ROOT [--spkd PATH]          all checks below; exit 1 on any failure
    check_deploy.py nginx-prepare SRC DST CERTS  a copy of an nginx file that `nginx -t` can test here

- every *.yml/*.yaml under deploy/ parses (all documents), every *.json too;
- every SPK_ name in deploy/ is a config key of docs/configuration.md;
- with --spkd: `spkd config` accepts each spkd configuration deploy/ gives (YAML files, the systemd
  units' variables, each compose service's and each Kubernetes container's environment);
- Kubernetes: probes, resources, security contexts, selectors, references between objects, the
  bridges' per-pod Services and Ingress paths against their bridge.public_url, EMQX's hook URLs;
- compose: services, health checks, dependencies, the bridges' UDP ports;
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

# Keys issue 9 adds in other branches this session (bridge.id, http.trusted_proxies, log.format).
# Accepted before docs/configuration.md lists them; delete each entry once it does (a warning says so).
PENDING_KEYS = {"SPK_BRIDGE_ID", "SPK_HTTP_TRUSTED_PROXIES", "SPK_LOG_FORMAT"}
# Secrets the operator creates outside the manifests (deploy/k8s/ingress.yaml says how).
EXTERNAL_SECRETS = {"spk-tls"}
NAMESPACE = "spk"
COMPOSE_SERVICES = {"postgres", "redis", "mqtt", "gateway-1", "gateway-2", "bridge-1", "bridge-2", "nginx"}
SYSTEMD_REQUIRED = [
    ("Service", "ProtectSystem", "strict"), ("Service", "ProtectHome", "yes"), ("Service", "PrivateTmp", "yes"),
    ("Service", "NoNewPrivileges", "yes"), ("Service", "CapabilityBoundingSet", ""),
    ("Service", "LimitNOFILE", "20000"), ("Service", "SystemCallFilter", "@system-service"),
    ("Service", "Restart", "on-failure"), ("Service", "StateDirectory", "spk"),
    ("Unit", "Wants", "network-online.target"), ("Install", "WantedBy", "multi-user.target"),
]
SYSTEMD_AFTER = {"network-online.target", "postgresql.service", "redis-server.service"}

failures = []
notes = []


def fail(where, msg):
    failures.append(f"{where}: {msg}")


def rel(root, path):
    return os.path.relpath(path, root)


# ---------------------------------------------------------------- inputs

def config_keys(root):
    text = open(os.path.join(root, "docs/configuration.md"), encoding="utf-8").read()
    keys = set(re.findall(r"^\| `[^`]+` \| `(SPK_[A-Z0-9_]+)` \|", text, re.M))
    if len(keys) < 20:
        fail("docs/configuration.md", f"only {len(keys)} keys found in the key table: format changed?")
    return keys


def metric_table(root):
    """name -> (type, label) from the tables of docs/metrics.md."""
    text = open(os.path.join(root, "docs/metrics.md"), encoding="utf-8").read()
    rows = re.findall(r"^\| `(spk_[a-z0-9_]+)` \| (counter|gauge|histogram) \| (`([a-z_]+)`)? *\|", text, re.M)
    if len(rows) < 10:
        fail("docs/metrics.md", f"only {len(rows)} metrics found: format changed?")
    return {name: (kind, label) for name, kind, _, label in rows}


def load_yaml_docs(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


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


# ---------------------------------------------------------------- Kubernetes

WORKLOADS = ("Deployment", "StatefulSet")


def k8s_objects(root):
    objs = []
    for path in sorted(glob.glob(os.path.join(root, "deploy/k8s/*.yaml"))):
        if path.endswith("kustomization.yaml"):
            continue
        for d in load_yaml_docs(path):
            d["_file"] = rel(root, path)
            objs.append(d)
    return objs


def by_kind(objs, kind):
    return {o["metadata"]["name"]: o for o in objs if o.get("kind") == kind}


def is_spkd(container):
    return "spkd" in container.get("image", "")


def subset(sel, labels):
    return bool(sel) and all(labels.get(k) == v for k, v in sel.items())


def pod_labels_for(objs, selector):
    """(workload, labels, ordinal or None) whose pods carry every label of selector."""
    out = []
    for o in objs:
        if o.get("kind") not in WORKLOADS:
            continue
        labels = dict(o["spec"]["template"]["metadata"].get("labels", {}))
        name = o["metadata"]["name"]
        pod = selector.get("statefulset.kubernetes.io/pod-name")
        if pod is not None and o["kind"] == "StatefulSet":
            m = re.fullmatch(re.escape(name) + r"-(\d+)", pod)
            if not m or int(m.group(1)) >= o["spec"].get("replicas", 1):
                continue
            labels["statefulset.kubernetes.io/pod-name"] = pod
        if subset(selector, labels):
            out.append(o)
    return out


def container_ports(workload):
    ports = {}
    for c in workload["spec"]["template"]["spec"]["containers"]:
        for p in c.get("ports", []):
            ports[p.get("name", p["containerPort"])] = p
            ports[p["containerPort"]] = p
    return ports


def k8s_spkd_envs(objs):
    """(workload, container, environment) for every spkd container, $(VAR) expanded as the kubelet does."""
    cms = by_kind(objs, "ConfigMap")
    secrets = by_kind(objs, "Secret")
    for o in objs:
        if o.get("kind") not in WORKLOADS:
            continue
        for c in o["spec"]["template"]["spec"]["containers"]:
            if not is_spkd(c):
                continue
            env = {}
            for src in c.get("envFrom", []):
                if "configMapRef" in src:
                    env.update(cms.get(src["configMapRef"]["name"], {}).get("data", {}))
                if "secretRef" in src:
                    env.update(secrets.get(src["secretRef"]["name"], {}).get("stringData", {}))
            for e in c.get("env", []):
                if "value" in e:
                    env[e["name"]] = re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                                            lambda m: env.get(m.group(1), m.group(0)), str(e["value"]))
                elif "fieldRef" in e.get("valueFrom", {}):
                    env[e["name"]] = f"{o['metadata']['name']}-0"  # metadata.name of the first pod
                elif "secretKeyRef" in e.get("valueFrom", {}):
                    ref = e["valueFrom"]["secretKeyRef"]
                    env[e["name"]] = secrets.get(ref["name"], {}).get("stringData", {}).get(ref["key"], "")
            yield o["metadata"]["name"], c["name"], env


def check_k8s_refs(objs, c, where):
    cms, secrets = by_kind(objs, "ConfigMap"), by_kind(objs, "Secret")
    for src in c.get("envFrom", []):
        for kind, table in (("configMapRef", cms), ("secretRef", secrets)):
            if kind in src and src[kind]["name"] not in table:
                fail(where, f"{kind} {src[kind]['name']} does not exist")
    for e in c.get("env", []):
        ref = e.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            s = secrets.get(ref["name"])
            if s is None or ref["key"] not in s.get("stringData", {}):
                fail(where, f"env {e['name']}: secret {ref['name']} has no key {ref['key']}")


def check_container(objs, c, where, spkd):
    res = c.get("resources", {})
    if not res.get("requests", {}).get("cpu") or not res.get("requests", {}).get("memory"):
        fail(where, "no cpu and memory requests")
    if not res.get("limits", {}).get("memory"):
        fail(where, "no memory limit")
    sc = c.get("securityContext", {})
    if sc.get("allowPrivilegeEscalation") is not False:
        fail(where, "allowPrivilegeEscalation is not false")
    if "ALL" not in sc.get("capabilities", {}).get("drop", []):
        fail(where, "capabilities do not drop ALL")
    check_k8s_refs(objs, c, where)
    if not spkd:
        return
    if sc.get("readOnlyRootFilesystem") is not True:
        fail(where, "spkd without readOnlyRootFilesystem")
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
        got = c.get(probe, {}).get("httpGet", {}).get("path")
        if got != path:
            fail(where, f"{probe} is not an httpGet on {path} (got {got})")


def check_k8s(root, objs):
    names = {}
    for o in objs:
        where = f"{o['_file']} {o.get('kind')}/{o.get('metadata', {}).get('name')}"
        if not o.get("apiVersion") or not o.get("kind") or not o.get("metadata", {}).get("name"):
            fail(where, "apiVersion, kind and metadata.name are required")
            continue
        if o["kind"] != "Namespace" and o["metadata"].get("namespace") != NAMESPACE:
            fail(where, f"namespace is not {NAMESPACE}")
        key = (o["kind"], o["metadata"]["name"])
        if key in names:
            fail(where, f"also defined in {names[key]}")
        names[key] = o["_file"]
    services, workloads = by_kind(objs, "Service"), [o for o in objs if o.get("kind") in WORKLOADS]
    pvcs = by_kind(objs, "PersistentVolumeClaim")
    secrets = by_kind(objs, "Secret")
    for w in workloads:
        where = f"{w['_file']} {w['kind']}/{w['metadata']['name']}"
        spec, pod = w["spec"], w["spec"]["template"]["spec"]
        if not subset(spec["selector"]["matchLabels"], w["spec"]["template"]["metadata"].get("labels", {})):
            fail(where, "selector.matchLabels does not match the pod template's labels")
        if pod.get("securityContext", {}).get("runAsNonRoot") is not True:
            fail(where, "pod securityContext.runAsNonRoot is not true")
        if w["kind"] == "StatefulSet" and spec.get("serviceName") not in services:
            fail(where, f"serviceName {spec.get('serviceName')} is not a Service")
        has_spkd = False
        for c in pod.get("initContainers", []) + pod["containers"]:
            has_spkd |= is_spkd(c)
            check_container(objs, c, f"{where} container {c['name']}", is_spkd(c))
        claims = {t["metadata"]["name"] for t in spec.get("volumeClaimTemplates", [])}
        vols = {v["name"]: v for v in pod.get("volumes", [])}
        for c in pod.get("initContainers", []) + pod["containers"]:
            for m in c.get("volumeMounts", []):
                if m["name"] not in vols and m["name"] not in claims:
                    fail(where, f"container {c['name']} mounts undefined volume {m['name']}")
        for v in vols.values():
            if "persistentVolumeClaim" in v and v["persistentVolumeClaim"]["claimName"] not in pvcs:
                fail(where, f"volume {v['name']}: no PersistentVolumeClaim {v['persistentVolumeClaim']['claimName']}")
            if "secret" in v and v["secret"]["secretName"] not in secrets | dict.fromkeys(EXTERNAL_SECRETS):
                fail(where, f"volume {v['name']}: no Secret {v['secret']['secretName']}")
        if has_spkd and pod.get("topologySpreadConstraints") is None:
            fail(where, "spkd workload without topologySpreadConstraints")
        if has_spkd and not any(subset(p["spec"]["selector"]["matchLabels"], w["spec"]["template"]["metadata"]["labels"])
                                for p in by_kind(objs, "PodDisruptionBudget").values()):
            fail(where, "spkd workload without a PodDisruptionBudget")
    for name, s in services.items():
        where = f"{s['_file']} Service/{name}"
        sel = s["spec"].get("selector")
        matched = pod_labels_for(objs, sel or {})
        if not matched:
            fail(where, f"selector {sel} matches no pod template")
            continue
        for p in s["spec"].get("ports", []):
            target = p.get("targetPort", p["port"])
            if not any(target in container_ports(w) for w in matched):
                fail(where, f"targetPort {target} is no container port of {matched[0]['metadata']['name']}")
    for kind in ("PodDisruptionBudget",):
        for name, o in by_kind(objs, kind).items():
            if not pod_labels_for(objs, o["spec"]["selector"]["matchLabels"]):
                fail(f"{o['_file']} {kind}/{name}", "selector matches no pod template")
    for name, o in by_kind(objs, "HorizontalPodAutoscaler").items():
        ref = o["spec"]["scaleTargetRef"]
        if (ref["kind"], ref["name"]) not in names:
            fail(f"{o['_file']} HPA/{name}", f"scaleTargetRef {ref['kind']}/{ref['name']} does not exist")
    check_ingress(objs, services)
    check_bridges(objs, services)
    check_emqx(objs, services)
    check_monitoring(root, objs, services)
    kust = yaml.safe_load(open(os.path.join(root, "deploy/k8s/kustomization.yaml")))
    files = {os.path.basename(p) for p in glob.glob(os.path.join(root, "deploy/k8s/*.yaml"))} - {"kustomization.yaml"}
    if set(kust.get("resources", [])) != files:
        fail("deploy/k8s/kustomization.yaml", f"resources {sorted(kust.get('resources', []))} != files {sorted(files)}")
    notes.append(f"{len(objs)} Kubernetes objects checked")


def ingress_paths(objs):
    for name, ing in by_kind(objs, "Ingress").items():
        for rule in ing["spec"].get("rules", []):
            for p in rule.get("http", {}).get("paths", []):
                yield ing, p


def check_ingress(objs, services):
    seen = set()
    for name, ing in by_kind(objs, "Ingress").items():
        where = f"{ing['_file']} Ingress/{name}"
        if ing["spec"].get("ingressClassName") != "nginx":
            fail(where, "ingressClassName is not nginx")
        hosts = {r.get("host") for r in ing["spec"].get("rules", [])}
        tls_hosts = {h for t in ing["spec"].get("tls", []) if t.get("secretName") for h in t.get("hosts", [])}
        if not hosts <= tls_hosts:
            fail(where, f"hosts {sorted(hosts - tls_hosts)} have no TLS")
    for ing, p in ingress_paths(objs):
        seen.add(p["path"])
        svc = p["backend"]["service"]
        s = services.get(svc["name"])
        port = svc["port"].get("name", svc["port"].get("number"))
        if s is None:
            fail(ing["_file"], f"path {p['path']}: no Service {svc['name']}")
        elif not any(port in (q.get("name"), q["port"]) for q in s["spec"]["ports"]):
            fail(ing["_file"], f"path {p['path']}: Service {svc['name']} has no port {port}")
    for path in ("/api", "/ws"):
        if path not in seen:
            fail("deploy/k8s Ingress", f"no path {path}")


def check_bridges(objs, services):
    """Each bridge pod: SPK_BRIDGE_ID from its name, an Ingress path for its public_url reaching it, a UDP Service."""
    for wl, c, env in k8s_spkd_envs(objs):
        sts = by_kind(objs, "StatefulSet").get(wl)
        if sts is None or "bridge" not in sts["spec"]["template"]["spec"]["containers"][0].get("args", []):
            continue
        where = f"{sts['_file']} StatefulSet/{wl}"
        raw = {e["name"]: e for e in sts["spec"]["template"]["spec"]["containers"][0].get("env", [])}
        pod_var = next((n for n, e in raw.items() if e.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "metadata.name"), None)
        if not pod_var or raw.get("SPK_BRIDGE_ID", {}).get("value") != f"$({pod_var})":
            fail(where, "SPK_BRIDGE_ID is not the pod name")
        url = raw.get("SPK_BRIDGE_PUBLIC_URL", {}).get("value", "")
        port = env.get("SPK_BRIDGE_UDP_PORT", "0")
        if port in ("", "0"):
            fail(where, "SPK_BRIDGE_UDP_PORT must be fixed (a Service forwards it)")
        for i in range(sts["spec"].get("replicas", 1)):
            pod = f"{wl}-{i}"
            path = re.sub(r"^https?://[^/]+", "", url.replace(f"$({pod_var})", pod)) if pod_var else ""
            reach = [p for ing, p in ingress_paths(objs)
                     if re.fullmatch(p["path"], path + "/ws/audio") and services.get(p["backend"]["service"]["name"])
                     and pod_labels_for([sts], services[p["backend"]["service"]["name"]]["spec"]["selector"])
                     and services[p["backend"]["service"]["name"]]["spec"]["selector"].get("statefulset.kubernetes.io/pod-name") == pod]
            if not reach:
                fail(where, f"{pod}: no Ingress path sends {path}/ws/audio to a Service of that pod alone")
            udp = [s for s in services.values() if s["spec"].get("selector", {}).get("statefulset.kubernetes.io/pod-name") == pod
                   and any(q.get("protocol") == "UDP" and str(q["port"]) == port for q in s["spec"]["ports"])]
            if not udp:
                fail(where, f"{pod}: no Service forwards UDP {port} to it")


def check_emqx(objs, services):
    cm = by_kind(objs, "ConfigMap").get("emqx-config")
    if cm is None:
        return fail("deploy/k8s", "no ConfigMap emqx-config")
    conf = "\n".join(cm.get("data", {}).values())
    for route in ("/api/broker/auth", "/api/broker/acl"):
        m = re.search(r'url = "http://([a-z0-9-]+)(?:\.[a-z0-9.-]+)?:(\d+)' + re.escape(route) + '"', conf)
        if not m:
            fail("deploy/k8s/emqx.yaml", f"no hook URL for {route}")
            continue
        s = services.get(m.group(1))
        if s is None:
            fail("deploy/k8s/emqx.yaml", f"{route}: no Service {m.group(1)}")
            continue
        if not s["spec"].get("publishNotReadyAddresses"):
            fail("deploy/k8s/emqx.yaml", f"{route}: Service {m.group(1)} leaves out gateways that are not ready yet")
        if not any(is_spkd(c) and "gateway" in c.get("args", [])
                   for w in pod_labels_for(objs, s["spec"]["selector"]) for c in w["spec"]["template"]["spec"]["containers"]):
            fail("deploy/k8s/emqx.yaml", f"{route}: Service {m.group(1)} does not select gateways")
    for field in ("${clientid}", "${username}", "${password}", "${topic}", "${action}"):
        if field not in conf:
            fail("deploy/k8s/emqx.yaml", f"hook bodies do not send {field}")
    if "Bearer @SPK_MQTT_BROKER_HOOK_TOKEN@" not in conf:
        fail("deploy/k8s/emqx.yaml", "hooks do not send the bearer token")


def check_monitoring(root, objs, services):
    for name, sm in by_kind(objs, "ServiceMonitor").items():
        matched = [s for s in services.values() if subset(sm["spec"]["selector"]["matchLabels"], s["metadata"].get("labels", {}))]
        roles = set()
        for s in matched:
            for w in pod_labels_for(objs, s["spec"]["selector"]):
                roles |= {a for c in w["spec"]["template"]["spec"]["containers"] for a in c.get("args", [])}
            for ep in sm["spec"]["endpoints"]:
                if ep["port"] not in {q.get("name") for q in s["spec"]["ports"]}:
                    fail(sm["_file"], f"Service {s['metadata']['name']} has no port {ep['port']}")
        if not {"gateway", "bridge"} <= roles:
            fail(sm["_file"], f"ServiceMonitor/{name} does not scrape both gateways and bridges")
    rules = by_kind(objs, "PrometheusRule")
    alerts = yaml.safe_load(open(os.path.join(root, "deploy/prometheus/alerts.yml")))
    if not rules or any(r["spec"].get("groups") != alerts["groups"] for r in rules.values()):
        fail("deploy/k8s/alert-rules.yaml", "PrometheusRule groups differ from deploy/prometheus/alerts.yml")


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
            allowed = {"job", "instance", table[base][1]} | ({"le"} if suffix == "bucket" else set())
            for label in re.findall(r"([a-zA-Z_]+)\s*(?:=~|!~|!=|=)", matchers):
                if label not in allowed:
                    fail(where, f"{name} has no label {label}")
        for by in re.findall(r"\bby\s*\(([^)]*)\)", expr):
            for label in (x.strip() for x in by.split(",")):
                known = {"job", "instance", "le"} | {t[1] for t in table.values()}
                if label and label not in known:
                    fail(where, f"grouping by {label}, which no metric has")
    notes.append(f"{len(exprs)} PromQL expressions use {len(used)} metrics, all in docs/metrics.md")


# ---------------------------------------------------------------- nginx

def nginx_prepare(src, dst, certs):
    """Copy SRC to DST with certificate paths pointing at CERTS and host names that cannot resolve here
    (compose service names, cluster host names) replaced by 127.0.0.1, ports kept. Prints 'main' when
    SRC is a whole nginx.conf (it has an events block), else 'http' (it belongs inside http {})."""
    text = open(src, encoding="utf-8").read()
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
    print("main" if re.search(r"^\s*events\s*\{", text, re.M) else "http")


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
    objs = k8s_objects(root)
    check_k8s(root, objs)
    check_metrics(root, metric_table(root))
    if spkd:
        check_spkd_configs(root, spkd, units, compose, objs)
    else:
        notes.append("spkd not given: the configurations were not loaded by spkd config")
    for n in notes:
        print(f"check_deploy: {n}")
    for f in failures:
        print(f"check_deploy: FAIL {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv) or 0)
