#!/usr/bin/env bash
# Installs the Debian packages the notebooks run with (NotebooksIT executes them with Debian's
# python3 and nbconvert) when any is missing. Run by the build (`mvn verify`, before the
# integration tests of job/). Needs root or password-less sudo to install; says what to run if not.
set -euo pipefail
packages=(python3-pandas python3-matplotlib python3-networkx jupyter-nbconvert python3-ipykernel python3-requests)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "notebooks need Debian packages: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "installing the notebooks' Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
