#!/usr/bin/env bash
# Builds the images a generated docker-compose.yml runs (compose/README.md), and writes the variables
# that select them to .wharf/docker/images.env (docker-compose --env-file .wharf/docker/images.env).
#
#   tools/docker-images.sh --public   the Wharf image on the public eclipse-temurin:17-jre; Envoy is
#                                     the official envoyproxy/envoy image (needs Docker Hub)
#   tools/docker-images.sh --local    no registry needed (the default): a Debian bookworm base made
#                                     with debootstrap and `docker import`, a JRE image and an Envoy
#                                     image (the pinned binary from .wharf/bin/envoy) on it, and the
#                                     Wharf image on that JRE
#
# Needs a Docker engine (tools/docker-engine.sh) and control-plane/target/wharf.jar. Each image
# carries a label dev.wharf.stamp, a hash of its inputs; an image whose stamp matches is reused, so
# a second run builds nothing. Prints the time of each phase ("wharf-images: <phase> <seconds> s").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:---local}
work="$root/.wharf/docker"
mkdir -p "$work"
envoy_version=$(sed -n 's:.*<envoy.version>\(.*\)</envoy.version>.*:\1:p' "$root/pom.xml")
base=wharf-base:bookworm
jre=wharf/jre:17-local
envoy=wharf/envoy:v$envoy_version-local
wharf=wharf/wharf

fail() { echo "wharf-images: $*" >&2; exit 1; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
hash() { sha256sum "$@" | sha256sum | cut -c1-16; }
stamp_of() { docker image inspect -f '{{index .Config.Labels "dev.wharf.stamp"}}' "$1" 2>/dev/null || true; }

# build NAME STAMP DOCKER-BUILD-ARGS...: builds unless NAME already carries STAMP.
build() {
  local name=$1 stamp=$2; shift 2
  if [ "$(stamp_of "$name")" = "$stamp" ]; then
    echo "wharf-images: $name up to date (stamp $stamp) 0.0 s"
    return
  fi
  local t; t=$(now)
  docker build -q --label "dev.wharf.stamp=$stamp" -t "$name" "$@" >"$work/build-${name//[\/:]/_}.log" 2>&1 \
    || { tail -30 "$work/build-${name//[\/:]/_}.log" >&2; fail "docker build of $name failed"; }
  echo "wharf-images: $name built $(took "$t") s"
}

docker info >/dev/null 2>&1 || fail "no Docker engine answers (run tools/docker-engine.sh, or start dockerd)"
jar="$root/control-plane/target/wharf.jar"
[ -f "$jar" ] || fail "no $jar: build it first (mvn -B -DskipTests package -pl control-plane -am, or ./wharf --help)"
t0=$(now)

case "$mode" in
  --public)
    build "$wharf" "$(hash "$root/compose/wharf/Dockerfile" "$root/compose/wharf/task-hosts" "$jar")-public" \
      -f "$root/compose/wharf/Dockerfile" "$root"
    printf 'WHARF_IMAGE=%s\n' "$wharf" >"$work/images.env"
    ;;
  --local)
    command -v debootstrap >/dev/null || fail "debootstrap is needed for --local (apt-get install debootstrap)"
    # 1. The base: Debian bookworm minbase from Debian's packages, imported as an image.
    base_stamp=$(echo "bookworm minbase v1" | sha256sum | cut -c1-16)
    if [ "$(stamp_of "$base")" != "$base_stamp" ]; then
      t=$(now)
      rootfs="$work/rootfs"
      if [ ! -f "$rootfs/.complete" ]; then
        rm -rf "$rootfs"
        debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
          || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log .wharf/docker/debootstrap.log)"; }
        touch "$rootfs/.complete"
        echo "wharf-images: debootstrap $(took "$t") s"
      fi
      t=$(now)
      tar -C "$rootfs" --exclude=./.complete -c . \
        | docker import --change "LABEL dev.wharf.stamp=$base_stamp" --change 'CMD ["/bin/bash"]' - "$base" >/dev/null
      echo "wharf-images: $base imported $(took "$t") s"
    else
      echo "wharf-images: $base up to date (stamp $base_stamp) 0.0 s"
    fi
    # 2. A JRE with curl on the base.
    build "$jre" "$(hash "$root/compose/jre/Dockerfile")-$base_stamp" \
      --build-arg "BASE_IMAGE=$base" "$root/compose/jre"
    # 3. Envoy: the pinned binary, copied into a context of its own (.wharf/bin/envoy is a symlink).
    bin=${ENVOY_BIN:-$root/.wharf/bin/envoy}
    [ -x "$bin" ] || fail "no Envoy binary at $bin (the build installs it: mvn -B -DskipTests package -pl envoy-bootstrap)"
    ctx="$work/envoy-context"
    mkdir -p "$ctx"
    cp -L "$bin" "$ctx/envoy.new" && mv "$ctx/envoy.new" "$ctx/envoy"
    cp "$root/compose/envoy/Dockerfile" "$ctx/Dockerfile"
    build "$envoy" "$(hash "$ctx/Dockerfile" "$ctx/envoy")-$base_stamp" --build-arg "BASE_IMAGE=$base" "$ctx"
    # 4. Wharf on the local JRE.
    build "$wharf" "$(hash "$root/compose/wharf/Dockerfile" "$root/compose/wharf/task-hosts" "$jar")-$(stamp_of "$jre")" \
      --build-arg "JRE_IMAGE=$jre" -f "$root/compose/wharf/Dockerfile" "$root"
    printf 'WHARF_IMAGE=%s\nWHARF_ENVOY_IMAGE=%s\n' "$wharf" "$envoy" >"$work/images.env"
    ;;
  *) fail "usage: tools/docker-images.sh [--local | --public]" ;;
esac
echo "wharf-images: images ready $(took "$t0") s; variables in .wharf/docker/images.env:"
sed 's/^/  /' "$work/images.env"
