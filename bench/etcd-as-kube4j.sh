#!/usr/bin/env bash
# A stand-in for bin/kube4j that runs etcd instead: `bin/kube4j store FLAGS` becomes `etcd FLAGS`.
# For an A/A calibration of the harness: with
#   bench/run-store-bench.sh quick --kube4j bench/etcd-as-kube4j.sh
# both columns are etcd, so the kube4j/etcd ratios show the run-to-run noise of this machine.
set -euo pipefail
[[ ${1:-} == store ]] && shift
exec "${ETCD:-etcd}" "$@"
