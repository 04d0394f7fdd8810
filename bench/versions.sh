#!/usr/bin/env bash
# Compares two builds of c2a on the same targets, alternating them in one script so that both see
# the same machine: `bench/versions.sh OLD_COMMIT [ROUNDS] [TARGETS]`, e.g. `bench/versions.sh f25441d 3 a,c,e`.
# The old commit is built in a scratch worktree (target/versions/OLD); the current tree's jars are
# built by ./c2a. Each round runs `c2a bench --only TARGETS` with the old build, then the new one: from
# the build's c2a-bench.jar beside its c2a.jar, or, in builds from before the benchmarks left the
# product, from inside c2a.jar.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
old=${1:?usage: bench/versions.sh OLD_COMMIT [ROUNDS] [TARGETS]}
rounds=${2:-3}
targets=${3:-a,c,e}
# shellcheck source=../scripts/lib.sh
. "$root/scripts/lib.sh"
c2a_find_jdk
c2a_build_if_stale "$root" bench
work="$root/target/versions"
mkdir -p "$work"
if [ ! -f "$work/$old.jar" ]; then
  rm -rf "$work/src-$old"
  git -C "$root" worktree add --detach "$work/src-$old" "$old" >/dev/null
  (cd "$work/src-$old" && mvn -q -B -DskipTests -Ddashboard.skip package >&2)
  if [ -f "$work/src-$old/target/c2a-bench.jar" ]; then
    cp "$work/src-$old/target/c2a-bench.jar" "$work/$old-bench.jar"
  fi
  cp "$work/src-$old/target/c2a.jar" "$work/$old.jar"
  git -C "$root" worktree remove --force "$work/src-$old"
fi
cp "$root/target/c2a.jar" "$work/new.jar"
cp "$root/target/c2a-bench.jar" "$work/new-bench.jar"
# bench VERSION ARGS...: that build's benchmarks
bench() {
  local version=$1 java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED)
  shift
  if [ -f "$work/$version-bench.jar" ]; then
    "${java[@]}" -cp "$work/$version.jar:$work/$version-bench.jar" dev.c2a.bench.BenchCommand "$@"
  else
    "${java[@]}" -jar "$work/$version.jar" bench "$@"
  fi
}
for round in $(seq 1 "$rounds"); do
  for version in "$old" new; do
    echo "== round $round: $version"
    bench "$version" --only "$targets" --work "$work/out-$version" 2>&1 | grep -E '^\(|round|mean|p50|p99|jobs/s|texts/s' || true
  done
done
