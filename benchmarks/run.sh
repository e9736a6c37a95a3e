#!/usr/bin/env bash
# Builds the project and runs JMH benchmarks: benchmarks/run.sh [JMH arguments], e.g.
#   benchmarks/run.sh 'HeadAppendBenchmark' -f 1 -wi 3 -i 5
# With no arguments, lists the benchmarks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests package -pl benchmarks -am)
cp="$root/benchmarks/target/classes:$root/benchmarks/target/lib/*"
if [[ $# -eq 0 ]]; then
  exec java -cp "$cp" org.openjdk.jmh.Main -l
fi
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
