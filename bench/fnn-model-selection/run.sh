#!/bin/sh
# Hyper-parameter choice for fnn-mtl by stratified k-fold cross-validation on the paper's training split only.
# Not a test. Usage: bench/fnn-model-selection/run.sh [threads] [folds] [seed] [name:key=value,... ...]
# With no candidates given it runs the ones of the README's study (two rounds: the first six, then the
# combination of the two best changes).
# Needs: the build done (./mvnw -B -q install -DskipTests), ../shared beside the repo (or COVIDMTL_SHARED).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${COVIDMTL_SHARED:-$ROOT/../shared}
THREADS=${1:-2}; FOLDS=${2:-5}; SEED=${3:-7}
[ $# -ge 3 ] && shift 3 || shift $#
if [ $# -eq 0 ]; then
  set -- "paper-default:" "no-dropout:dropout=0" "pytorch-init:weight-init=pytorch,dropout=0" "shuffle:shuffle=true" \
    "dropout-0.5:dropout=0.5" "wd-5e-4:weight-decay=5e-4" "shuffle-no-dropout:shuffle=true,dropout=0"
fi
CPF=$ROOT/bench/fnn-model-selection/target/classpath.txt
mkdir -p "$(dirname "$CPF")"
(cd "$ROOT" && ./mvnw -B -q -ntp dependency:build-classpath -pl bundles/models/feature-models -Dmdep.includeScope=test -Dmdep.outputFile="$CPF" >/dev/null)
V=0.1.0-SNAPSHOT
CP="$ROOT/bundles/models/feature-models/target/classes:$ROOT/bundles/cohort/target/org.covidmtl.cohort-$V.jar:$ROOT/bundles/evaluation/target/org.covidmtl.evaluation-$V.jar:$(cat "$CPF")"
OMP_NUM_THREADS=1 exec java -Xmx6g -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 \
  -cp "$CP" "$HERE/ModelSelection.java" "$SHARED/data/covid-mtl" "$THREADS" "$FOLDS" "$SEED" "$@"
