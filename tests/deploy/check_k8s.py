"""Structural checks of the Kubernetes manifests in deploy/k8s (used by check_deploy.py).

Workloads: probes on /readyz and /healthz for spkd, resources, non-root, read-only root, no
capabilities, spread and disruption budgets. Services, PDBs, the HPA, the Ingress and the
ServiceMonitor: every selector and reference reaches something that exists. The bridges: each pod's
SPK_BRIDGE_ID is its name, its bridge.public_url (env worked out per ordinal, downward API included)
is distinct and the Ingress sends it to a Service of that pod alone with the prefix rewritten away, and
a Service forwards its UDP port. deploy/nginx/spk.conf (nginx_conf.py) routes the same paths to the
same Services and the API to the gateways' Service. EMQX's hooks reach the gateways, ready or not.
"""
import glob
import os
import re

import yaml

import nginx_conf
from deploy_common import EXTERNAL_SECRETS, NAMESPACE, fail, load_yaml_docs, notes, rel

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


def field_value(workload, path, ordinal):
    """What the downward API gives pod ORDINAL of WORKLOAD for fieldPath PATH (the fields used here)."""
    pod = f"{workload['metadata']['name']}-{ordinal}"
    values = {"metadata.name": pod,
              "metadata.labels['statefulset.kubernetes.io/pod-name']": pod,
              "metadata.labels['apps.kubernetes.io/pod-index']": str(ordinal)}
    if workload["kind"] != "StatefulSet" and path != "metadata.name":
        return None
    return values.get(path)


def k8s_spkd_envs(objs, ordinal=0):
    """(workload, container, environment) for every spkd container of pod ORDINAL (a StatefulSet's
    ordinal; the first pod of a Deployment), $(VAR) expanded as the kubelet does."""
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
                    path = e["valueFrom"]["fieldRef"]["fieldPath"]
                    value = field_value(o, path, ordinal)
                    if value is None:
                        fail(f"{o['_file']} {o['kind']}/{o['metadata']['name']}", f"env {e['name']}: fieldPath {path} not modelled here")
                    env[e["name"]] = value or ""
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
        if pod.get("automountServiceAccountToken") is not False:
            fail(where, "the pod mounts a service account token (nothing here talks to the API server)")
        if pod.get("securityContext", {}).get("seccompProfile", {}).get("type") != "RuntimeDefault":
            fail(where, "pod seccompProfile is not RuntimeDefault (the namespace enforces 'restricted')")
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
    check_k8s_nginx(root, objs, services)
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


def ingress_route(objs, uri):
    """(Service name, URI it gets) for a request of URI to the Ingresses, as ingress-nginx picks: exact,
    then the longest matching path (regex paths with use-regex; rewrite-target applied)."""
    best = None
    for ing, p in ingress_paths(objs):
        ann = ing["metadata"].get("annotations", {})
        regex = ann.get("nginx.ingress.kubernetes.io/use-regex") == "true"
        kind, path = p.get("pathType"), p["path"]
        if kind == "Exact" and not regex:
            m = uri == path
        elif regex:
            m = re.match(path, uri)
        else:
            m = uri == path or uri.startswith(path.rstrip("/") + "/")
        if not m:
            continue
        score = (kind == "Exact", len(path))
        if best is None or score > best[0]:
            target = ann.get("nginx.ingress.kubernetes.io/rewrite-target")
            out = uri
            if target and regex:
                out = re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))) or "", target)
            best = (score, p["backend"]["service"]["name"], out)
    return None if best is None else best[1:]


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
        if "SPK_BRIDGE_PUBLIC_URL" not in env:
            fail(where, "no SPK_BRIDGE_PUBLIC_URL")
        port = env.get("SPK_BRIDGE_UDP_PORT", "0")
        if port in ("", "0"):
            fail(where, "SPK_BRIDGE_UDP_PORT must be fixed (a Service forwards it)")
        urls = set()
        for i in range(sts["spec"].get("replicas", 1)):
            pod = f"{wl}-{i}"
            penv = next(e for w, cn, e in k8s_spkd_envs(objs, i) if w == wl and cn == c)
            url = penv.get("SPK_BRIDGE_PUBLIC_URL", "")
            urls.add(url)
            if "$(" in url:
                fail(where, f"{pod}: SPK_BRIDGE_PUBLIC_URL {url} names an undefined variable")
            path = re.sub(r"^https?://[^/]+", "", url)
            for suffix in ("/ws/audio", "/audio/fallback/TOKEN"):
                routed = ingress_route(objs, path + suffix)
                if routed is None:
                    fail(where, f"{pod}: no Ingress path matches {path}{suffix}")
                    continue
                svc, uri = routed
                sel = services.get(svc, {}).get("spec", {}).get("selector", {})
                if sel.get("statefulset.kubernetes.io/pod-name") != pod or not pod_labels_for([sts], sel):
                    fail(where, f"{pod}: the Ingress sends {path}{suffix} to Service {svc}, not to a Service of {pod} alone")
                elif uri != suffix:
                    fail(where, f"{pod}: the Ingress sends {path}{suffix} to {svc} as {uri}, not {suffix}")
            udp = [s for s in services.values() if s["spec"].get("selector", {}).get("statefulset.kubernetes.io/pod-name") == pod
                   and any(q.get("protocol") == "UDP" and str(q["port"]) == port for q in s["spec"]["ports"])]
            if not udp:
                fail(where, f"{pod}: no Service forwards UDP {port} to it")
        if len(urls) != sts["spec"].get("replicas", 1):
            fail(where, f"the pods do not get distinct bridge.public_url: {sorted(urls)}")


def service_of(host, port, services, namespace=NAMESPACE):
    """The Service a cluster host name NAME[.NAMESPACE[.svc[.cluster.local]]]:PORT names, or a reason."""
    m = re.fullmatch(r"([a-z0-9-]+)(?:\.([a-z0-9-]+)(?:\.svc(?:\.cluster\.local)?)?)?", host)
    if not m or (m.group(2) and m.group(2) != namespace):
        return None, f"{host} is no Service name of namespace {namespace}"
    s = services.get(m.group(1))
    if s is None:
        return None, f"no Service {m.group(1)}"
    if not any(port == q["port"] for q in s["spec"]["ports"]):
        return None, f"Service {m.group(1)} has no port {port}"
    return m.group(1), None


def check_k8s_nginx(root, objs, services):
    """deploy/nginx/spk.conf is the front of these manifests: its names are their Services, and each
    bridge pod's public URL reaches a Service of that pod alone, the API the gateways."""
    conf = os.path.join(root, "deploy/nginx/spk.conf")
    where = "deploy/nginx/spk.conf (for deploy/k8s)"
    layout = {"/etc/nginx/conf.d/spk.conf": conf, "/etc/nginx/snippets": os.path.join(root, "deploy/nginx/snippets")}

    def resolve(path):  # the install layout its header gives
        for inside, here in layout.items():
            if path == inside or path.startswith(inside + "/"):
                return here + path[len(inside):]
        return None
    try:
        cfg = nginx_conf.Config(nginx_conf.load("/etc/nginx/conf.d/spk.conf", resolve))
    except nginx_conf.NginxError as e:
        return fail(where, str(e))
    servers = cfg.tls_servers()
    if len(servers) != 1:
        return fail(where, f"{len(servers)} TLS server blocks, expected 1")
    server = servers[0]
    gateways = [w for w in objs if w.get("kind") in WORKLOADS and any(
        is_spkd(c) and "gateway" in c.get("args", []) for c in w["spec"]["template"]["spec"]["containers"])]
    checks = [(u, None) for u in ("/api/devices", "/ws", "/readyz")]
    for wl, c, env in k8s_spkd_envs(objs):
        sts = by_kind(objs, "StatefulSet").get(wl)
        if sts is None or "bridge" not in sts["spec"]["template"]["spec"]["containers"][0].get("args", []):
            continue
        for i in range(sts["spec"].get("replicas", 1)):
            penv = next(e for w, cn, e in k8s_spkd_envs(objs, i) if w == wl and cn == c)
            path = re.sub(r"^https?://[^/]+", "", penv.get("SPK_BRIDGE_PUBLIC_URL", ""))
            checks += [(path + s, (sts, f"{wl}-{i}", s)) for s in ("/ws/audio", "/audio/fallback/TOKEN")]
    for uri in ("/api/broker/auth", "/metrics"):
        if "servers" in cfg.route(server, uri, host="spk.example.com"):
            fail(where, f"{uri} is proxied: it must stay inside")
    for uri, bridge in checks:
        try:
            r = cfg.route(server, uri, host="spk.example.com")
        except nginx_conf.NginxError as e:
            fail(where, f"{uri}: {e}")
            continue
        if "servers" not in r:
            fail(where, f"{uri} is not proxied (return {r['return']})")
            continue
        if r["variable"] and r["upstream"] is None and not cfg.has_resolver(server):
            fail(where, f"{uri}: proxy_pass names a host through variables, but there is no resolver")
        for host, port in r["servers"]:
            name, why = service_of(host, port, services)
            if name is None:
                fail(where, f"{uri} goes to {host}:{port}: {why}")
                continue
            sel = services[name]["spec"].get("selector", {})
            if bridge is None:
                if not any(pod_labels_for([g], sel) for g in gateways) or "statefulset.kubernetes.io/pod-name" in sel:
                    fail(where, f"{uri} goes to Service {name}, which does not select the gateways")
            else:
                sts, pod, suffix = bridge
                if sel.get("statefulset.kubernetes.io/pod-name") != pod or not pod_labels_for([sts], sel):
                    fail(where, f"{uri} ({pod}'s public URL) goes to Service {name}, not to a Service of {pod} alone")
                elif r["uri"] != suffix:
                    fail(where, f"{uri} reaches {pod} as {r['uri']}, not {suffix}")
    notes.append(f"deploy/nginx/spk.conf: {len(checks)} paths routed to the Services of deploy/k8s")


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
