# Shared by ./c2a, scripts/test, scripts/postgres, scripts/s3 and .ci/run. Sourced, not run.

# Sets JAVA_HOME to a JDK >= 21: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
c2a_find_jdk() {
  local candidates=() dir version
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for dir in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${dir%/}"); done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/javac" ] || continue
    version=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$dir"
      return 0
    fi
  done
  echo "c2a: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "     Install one, e.g.: sudo apt-get install -y openjdk-21-jdk-headless (or temurin-21-jdk), then retry." >&2
  return 1
}

# A port of 127.0.0.1 that nothing listens on, below the kernel's range for outgoing connections.
c2a_free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
}

# A random password of letters and digits.
c2a_secret() {
  head -c 18 /dev/urandom | base64 | tr -d '/+='
}

# Installs the Debian packages that are missing: "command:package" or "/path/of/a/file:package" pairs
# (the path may be a pattern: '/usr/lib/postgresql/*/bin/pg_ctl:postgresql').
c2a_ensure_packages() {
  local missing=() pair need
  for pair in "$@"; do
    need="${pair%%:*}"
    if [ "${need#/}" != "$need" ]; then
      compgen -G "$need" >/dev/null || missing+=("${pair#*:}")
    else
      command -v "$need" >/dev/null 2>&1 || missing+=("${pair#*:}")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "c2a: installing ${missing[*]} with apt-get" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    echo "c2a: missing ${missing[*]}; install with:" >&2
    echo "     sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
}

# Builds target/c2a.jar when it is missing or older than the sources. With `bench`, target/c2a-bench.jar
# too (the benchmarks and the test kits they use; one build makes both), against its sources as well.
c2a_build_if_stale() {
  local root="$1" jar stale=
  local jars=("$root/target/c2a.jar")
  local sources=("$root/src/main" "$root/pom.xml" "$root/dashboard/src" "$root/dashboard/static" "$root/dashboard/package.json")
  if [ "${2:-}" = bench ]; then
    jars+=("$root/target/c2a-bench.jar")
    sources+=("$root/src/bench" "$root/src/test")
  fi
  for jar in "${jars[@]}"; do
    if [ ! -f "$jar" ] || [ -n "$(find "${sources[@]}" -newer "$jar" -print -quit 2>/dev/null)" ]; then
      stale=1
    fi
  done
  [ -z "$stale" ] && return 0
  c2a_ensure_packages mvn:maven node:nodejs npm:npm
  # the resident espeak-ng helper needs these to build; without them espeak-ng runs once per call
  c2a_ensure_packages gcc:gcc /usr/include/espeak-ng/speak_lib.h:libespeak-ng-dev 2>/dev/null \
    || echo "c2a: building without the resident espeak-ng helper (slower speech)" >&2
  echo "c2a: building ${jars[*]}" >&2
  (cd "$root" && mvn -q -B -DskipTests package >&2)
}
