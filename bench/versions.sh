#!/usr/bin/env bash
# Compares two builds of c2a on the same targets, alternating them in one script so that both see
# the same machine: `bench/versions.sh OLD_COMMIT [ROUNDS] [TARGETS]`, e.g. `bench/versions.sh f25441d 3 a,c,e`.
# The old commit is built in a scratch worktree (target/versions/OLD); the current tree's jar is
# built by ./c2a. Each round runs `c2a bench --only TARGETS` with the old jar, then the new one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
old=${1:?usage: bench/versions.sh OLD_COMMIT [ROUNDS] [TARGETS]}
rounds=${2:-3}
targets=${3:-a,c,e}
# shellcheck source=../scripts/lib.sh
. "$root/scripts/lib.sh"
c2a_find_jdk
c2a_build_if_stale "$root"
work="$root/target/versions"
mkdir -p "$work"
if [ ! -f "$work/$old.jar" ]; then
  rm -rf "$work/src-$old"
  git -C "$root" worktree add --detach "$work/src-$old" "$old" >/dev/null
  (cd "$work/src-$old" && mvn -q -B -DskipTests -Ddashboard.skip package >&2)
  cp "$work/src-$old/target/c2a.jar" "$work/$old.jar"
  git -C "$root" worktree remove --force "$work/src-$old"
fi
cp "$root/target/c2a.jar" "$work/new.jar"
for round in $(seq 1 "$rounds"); do
  for version in "$old" new; do
    echo "== round $round: $version"
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$work/$version.jar" bench --only "$targets" \
      --work "$work/out-$version" 2>&1 | grep -E '^\(|round|mean|p50|p99' || true
  done
done
