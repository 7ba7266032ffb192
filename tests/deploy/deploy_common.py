"""What check_deploy.py and check_k8s.py share: the failure list, the notes, a few constants."""
import os

import yaml

# Keys the deployment already sets that docs/configuration.md does not list yet; delete each entry once
# it does (a warning says so).
PENDING_KEYS = set()
# Secrets the operator creates outside the manifests (deploy/k8s/ingress.yaml says how).
EXTERNAL_SECRETS = {"spk-tls"}
NAMESPACE = "spk"

failures = []
notes = []


def fail(where, msg):
    failures.append(f"{where}: {msg}")


def rel(root, path):
    return os.path.relpath(path, root)


def load_yaml_docs(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]
