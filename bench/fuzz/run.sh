#!/bin/sh
# Runs the volume readers' fuzzer at scale and prints a table: cases per reader target and their outcome (volume,
# typed error naming the file, or a failure: typed error not naming it, untyped exception, OutOfMemoryError, over
# the time bound, printed to the terminal, decompression bomb read as a volume), then every failing case.
# It is the fuzzer of the test suite (org.covidmtl.volume.io.fuzz, FuzzTest runs 80 cases per reader in CI) run
# by its main class FuzzMain on the test class path. Not a test: exits 1 when any case fails.
# Usage: bench/fuzz/run.sh [cases-per-reader (1000)] [seed (20261201)] [time bound per case in ms (10000)]
# Needs: /work/shared beside the repo (or COVIDMTL_SHARED); Maven runs offline unless MVN_FLAGS says otherwise.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${COVIDMTL_SHARED:-$ROOT/../shared}
CASES=${1:-1000}
SEED=${2:-20261201}
BOUND=${3:-10000}
MODULE=$ROOT/bundles/volume/volume-io
cd "$ROOT"
# the module's classes and test classes, and its dependencies' class path (the reader needs the pixelmed bundle and the API)
./mvnw -B -q -ntp ${MVN_FLAGS--o} -pl bundles/volume/volume-io test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/fuzz-classpath.txt -Dmdep.includeScope=test
exec java -Xmx4g -Djava.awt.headless=true -Dcovidmtl.shared="$SHARED" \
  -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/fuzz-classpath.txt")" \
  org.covidmtl.volume.io.fuzz.FuzzMain "$CASES" "$SEED" "$BOUND"
