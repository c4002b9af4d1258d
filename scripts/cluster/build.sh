#!/usr/bin/env bash
# Builds the local cluster's programs into .cache/cluster/bin from the Go module proxy, each only when
# missing or when its recipe changed (a stamp beside it records the recipe's hash). Go's module and
# build caches make a rebuild on the same machine take seconds; a fresh one takes 20-40 minutes on
# 2 cores, most of it kube-apiserver, so .ci/run starts this in the background.
#   bash scripts/cluster/build.sh          every program
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/scripts/cluster"
bin="$root/.cache/cluster/bin"
mkdir -p "$bin"
export GOTOOLCHAIN=local CGO_ENABLED=0
# One build at a time: a second caller (`cluster up` while .ci/run's build runs) waits, then finds it done.
exec 9>"$bin/.build.lock"
flock 9

kubernetes_version=v1.37.2
version_flags() {
  local v=k8s.io/component-base/version major minor
  major=${kubernetes_version#v}; minor=${major#*.}; major=${major%%.*}; minor=${minor%%.*}
  echo "-s -w -X $v.gitVersion=$kubernetes_version -X $v.gitMajor=$major -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
}

# name -> what builds it: a package of one of the wrapper modules here (folder:package), or a
# module@version that `go install` takes as it is.
declare -A programs=(
  [kube-apiserver]=kubernetes:k8s.io/kubernetes/cmd/kube-apiserver
  [kube-controller-manager]=kubernetes:k8s.io/kubernetes/cmd/kube-controller-manager
  [kube-scheduler]=kubernetes:k8s.io/kubernetes/cmd/kube-scheduler
  [kubectl]=kubernetes:k8s.io/kubernetes/cmd/kubectl
  [etcd]=etcd:go.etcd.io/etcd/server/v3
  [kwok]=sigs.k8s.io/kwok/cmd/kwok@v0.8.0
  [registry]=github.com/distribution/distribution/v3/cmd/registry@v3.1.2
)

recipe() {
  local source=$1
  if [[ $source == *:* ]]; then
    cat "$here/${source%%:*}/go.mod" "$here/${source%%:*}/go.sum"
    [[ ${source%%:*} == kubernetes ]] && version_flags
  fi
  echo "$source"
}

# kwok acts out nodes and pods by "stages" it is given; its module ships the usual ones as YAML:
# nodes turn Ready and keep their leases, pods turn Ready, Job pods complete, deleted pods go.
kwok_stages() {
  local dir
  dir=$(go mod download -json "sigs.k8s.io/kwok@$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [[ -d $dir ]] || { echo "cluster: cannot find kwok's module to read its stages from" >&2; return 1; }
  for stage in "$dir"/kustomize/stage/{node/fast,node/heartbeat-with-lease,pod/fast}/*.yaml; do
    [[ $(basename "$stage") == kustomization.yaml ]] && continue
    echo '---'
    cat "$stage"
  done >"$bin/kwok-stages.yaml"
}

for name in "${!programs[@]}"; do
  source=${programs[$name]}
  stamp="$bin/.$name.recipe"
  wanted=$(recipe "$source" | sha256sum | cut -d' ' -f1)
  [[ -x $bin/$name && -f $stamp && $(cat "$stamp") == "$wanted" && ($name != kwok || -f $bin/kwok-stages.yaml) ]] && continue
  echo "cluster: building $name"
  if [[ $source == *@* ]]; then
    GOBIN="$bin" go install -trimpath -ldflags '-s -w' "$source"
  else
    flags='-s -w'
    [[ ${source%%:*} == kubernetes ]] && flags=$(version_flags)
    # The Kubernetes programs share most of their packages: Go's build cache compiles them once.
    (cd "$here/${source%%:*}" && go build -trimpath -ldflags "$flags" -o "$bin/$name" "${source#*:}")
  fi
  [[ $name == kwok ]] && kwok_stages "${source#*@}"
  # Written once the program built, so that an interrupted build is redone.
  echo "$wanted" >"$stamp"
done
