#!/usr/bin/env bash
# Makes sure a Docker engine answers, for the compose tests and `wharf compose` users.
#   - If `docker info` already answers (DOCKER_HOST or the default socket), nothing is done.
#   - Else, as root on Debian: installs Debian's docker.io, docker-compose (1.29.2) and debootstrap
#     with apt-get, and starts dockerd in the background, logging to .wharf/docker/dockerd.log.
#   - Anywhere else it fails, saying how to provide Docker. It never skips.
# Prints how long each phase took ("wharf-docker: <phase> <seconds> s").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
logdir="$root/.wharf/docker"
mkdir -p "$logdir"

fail() {
  echo "wharf-docker: $*" >&2
  cat >&2 <<'MSG'
wharf-docker: the compose tests need a Docker engine. Provide one of:
  - a running engine that `docker info` reaches (start dockerd, or set DOCKER_HOST=unix:///path/docker.sock);
  - or run the build as root on Debian/Ubuntu, where it installs docker.io, docker-compose and
    debootstrap with apt-get and starts dockerd itself (log: .wharf/docker/dockerd.log).
MSG
  exit 1
}

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

engine_up() { docker info >/dev/null 2>&1; }

need_tools() {
  command -v docker >/dev/null && command -v docker-compose >/dev/null && command -v debootstrap >/dev/null \
    && command -v dockerd >/dev/null
}

t0=$(now)
if engine_up && command -v docker-compose >/dev/null && command -v debootstrap >/dev/null; then
  echo "wharf-docker: engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)); set-up 0.0 s"
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  engine_up || fail "no Docker engine answers, and installing one needs root on Debian (apt-get)"
  fail "a Docker engine answers, but docker-compose and debootstrap are missing (apt-get install docker-compose debootstrap)"
fi

if ! need_tools; then
  echo "wharf-docker: installing docker.io, docker-compose, debootstrap with apt-get (log: .wharf/docker/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  ok=
  for attempt in 1 2 3; do
    if { apt-get update && apt-get install -y --no-install-recommends docker.io docker-compose debootstrap \
           tini iptables ca-certificates; } >"$logdir/apt.log" 2>&1; then
      ok=1; break
    fi
    sleep $((attempt * 5))
  done
  [ -n "$ok" ] || { tail -20 "$logdir/apt.log" >&2; fail "apt-get could not install docker.io (3 attempts)"; }
  echo "wharf-docker: engine install $(took "$t0") s"
fi

if ! engine_up; then
  t1=$(now)
  # Debian's docker.io starts no daemon without systemd; start it here, detached from this build.
  setsid nohup dockerd --host unix:///var/run/docker.sock >"$logdir/dockerd.log" 2>&1 </dev/null &
  echo $! >"$logdir/dockerd.pid"
  for _ in $(seq 1 120); do
    engine_up && break
    kill -0 "$(cat "$logdir/dockerd.pid")" 2>/dev/null || { tail -20 "$logdir/dockerd.log" >&2; fail "dockerd exited"; }
    sleep 0.5
  done
  engine_up || { tail -20 "$logdir/dockerd.log" >&2; fail "dockerd did not answer within 60 s"; }
  echo "wharf-docker: dockerd start $(took "$t1") s (pid $(cat "$logdir/dockerd.pid"), log .wharf/docker/dockerd.log)"
fi
echo "wharf-docker: engine $(docker version --format '{{.Server.Version}}') ready; set-up $(took "$t0") s"
