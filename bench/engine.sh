#!/usr/bin/env bash
# Engine benchmark (not a test): N sleep children through the engine, with the JVM flags the product ships with.
# Usage: bench/engine.sh [N...]   (default: 200 1000). Prints one line of figures per N.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
./mvnw -B -q -o -pl corridor-supervisor-core test-compile >/dev/null
CP=corridor-supervisor-core/target/classes:corridor-supervisor-core/target/test-classes
FLAGS=(-XX:+UseSerialGC -Xss256k -XX:TieredStopAtLevel=1 -XX:+UseCompactObjectHeaders -Xmx64m -Xms8m -Xmn4m
       --enable-native-access=ALL-UNNAMED)
for n in "${@:-200 1000}"; do
  for each in $n; do
    work=$(mktemp -d)
    "$JAVA_HOME/bin/java" "${FLAGS[@]}" -cp "$CP" io.corridor.supervisor.bench.EngineBenchmark "$each" "$work"
    rm -rf "$work"
  done
done
