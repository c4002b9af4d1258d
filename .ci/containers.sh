#!/usr/bin/env bash
# Containers for the tests that build and run the generated images (test/containers/images.test.ts,
# test/deploy/docker.test.ts): podman with the settings this kind of machine needs, and the base
# image the generated Dockerfile names, made locally since no container registry can be reached.
# Idempotent: a second run on the same machine checks and changes nothing (a few seconds).
#
# The base image is built once per recipe: its key hashes this recipe and the machine's CA
# certificates. A tarball of it is kept in .cache/containers/ (an emptied podman storage imports it
# again), and podman's own storage keeps the image and every layer built on it between runs: the
# generated images' cached rebuilds, keyed by podman on what goes into each layer.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

# dnsname: containers on a compose network find each other by service name (Prometheus scrapes api:8080).
packages=(podman buildah runc fuse-overlayfs slirp4netns uidmap debootstrap catatonit containernetworking-plugins
  golang-github-containernetworking-plugin-dnsname)
missing=()
for package in "${packages[@]}"; do
  dpkg-query --show --showformat='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
# The Docker CLI is the client of podman's Docker-compatible socket in the deploy tests.
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
if ((${#missing[@]})); then
  echo "containers: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# runc, since crun refuses this machine's hybrid cgroups; cgroupfs and a file for events, since no
# systemd runs; ulimits within the limits podman runs under (its defaults are above them, and with
# no CAP_SYS_RESOURCE here every container start then fails on setrlimit): the machine's hard
# limits, and at most 32768 processes, since podman lowers its own limit to that.
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
[[ $nproc == unlimited || $nproc -gt 32768 ]] && nproc=32768
conf=/etc/containers/containers.conf
wanted="# Written by .ci/containers.sh
[containers]
default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\"
"
if [[ ! -f $conf || "$(cat "$conf")" != "${wanted%$'\n'}" ]]; then
  echo "containers: writing $conf"
  mkdir -p "$(dirname "$conf")"
  printf '%s' "$wanted" >"$conf"
fi

# The base image: named exactly as the generated Dockerfile's FROM, so that it builds unmodified.
python_version=$(sed -n "s/^export const PYTHON_VERSION = '\([0-9.]*\)';$/\1/p" src/pipeline/context.ts)
codename=$(sed -n 's/^FROM python:{{ python_version }}-slim-\([a-z]*\) AS build$/\1/p' templates/docker/Dockerfile.njk)
[[ -n $python_version && -n $codename ]] || { echo "containers: cannot read the FROM image of templates/docker/Dockerfile.njk" >&2; exit 1; }
tag="docker.io/library/python:${python_version}-slim-${codename}"
# The Debian release whose python3 is that Python: the official image's Python is built from source
# on $codename, which no Debian package provides. What the image runs, Python and its packages from
# PyPI, is the same; Debian's own packages (the Spark image's Java) come from this release instead.
suite=bookworm
base_packages=python3,python3-venv,python3-pip,ca-certificates
# The machine reaches PyPI through its own certificate authorities: pip in the image must trust them.
certificates=(/usr/local/share/ca-certificates/*.crt)
[[ -e ${certificates[0]} ]] || certificates=()
recipe="suite=$suite packages=$base_packages python=$python_version
$(sed -n '/^ *# BASE RECIPE$/,/^ *# END BASE RECIPE$/p' "$0")
$( ((${#certificates[@]})) && cat "${certificates[@]}")"
key=$(printf '%s' "$recipe" | sha256sum | cut -c1-16)
cache=.cache/containers
tarball=$cache/base-$suite-$key.tar

present=$(podman image inspect --format '{{ index .Labels "leo.base.key" }}' "$tag" 2>/dev/null || true)
if [[ $present != "$key" ]]; then
  mkdir -p "$cache"
  if [[ ! -f $tarball ]]; then
    echo "containers: debootstrap $suite into a base image for $tag (a few minutes, once)"
    root=$(mktemp -d /tmp/leo-base-XXXXXX)
    trap 'rm -rf "$root"' EXIT
    # BASE RECIPE
    debootstrap --variant=minbase --include="$base_packages" "$suite" "$root" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 ||
      { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
    if ((${#certificates[@]})); then
      cp "${certificates[@]}" "$root/usr/local/share/ca-certificates/"
      chroot "$root" update-ca-certificates >/dev/null
    fi
    # The official image's Python is /usr/local/bin/python, python3, pip and pip3.
    for link in python:python3 python3:python3 pip:pip3 pip3:pip3; do
      ln -sf "/usr/bin/${link#*:}" "$root/usr/local/bin/${link%%:*}"
    done
    # Like the official image: no apt lists, no caches; apt-get update in a Dockerfile fetches them.
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
    # END BASE RECIPE
    tar --numeric-owner -C "$root" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
    rm -rf "$root"
    trap - EXIT
    # Older tarballs are of an earlier recipe.
    find "$cache" -maxdepth 1 -name 'base-*.tar' ! -name "$(basename "$tarball")" -delete
  fi
  echo "containers: importing $tarball as $tag"
  podman import --quiet \
    --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["python3"]' \
    --change "LABEL leo.base.key=$key" \
    "$tarball" "$tag" >/dev/null
fi
echo "containers: podman $(podman version --format '{{ .Client.Version }}'), $tag ($key) ready in $((SECONDS - started)) s"
