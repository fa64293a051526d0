#!/usr/bin/env bash
# Compare two org.covidmtl.models.volume jars (e.g. the installed one and a worktree's target jar) in one JVM:
#   jars.sh ab <jar A> <jar B> <infer|train> [rounds, default 16]   timing, runs alternated (JarAB.java)
#   jars.sh same <jar A> <jar B>                                     bit-for-bit outputs (JarSame.java)
# Class path: as run.sh's (classpath.sh: the feature-models test class path, DL4J/ND4J with nd4j-native
# onednn-avx2), without any volume-models jar, the cohort bundle last. Threads: OMP_NUM_THREADS (default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/deep-learning/classpath.sh
. bench/deep-learning/classpath.sh
cp="$(module_classpath bundles/models/feature-models | tr ':' '\n' | grep -v 'org.covidmtl.models.volume' | paste -sd:):$cohort_jar"
mode=$1
shift
java=(java -Xmx10g -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "$cp")
case $mode in
    ab) OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}" "${java[@]}" bench/deep-learning/JarAB.java "$1" "$2" "$3" "${4:-16}" 2>&1 \
            | grep -v 'INFO\|WARN\|SLF4J' ;;
    same) OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}" "${java[@]}" bench/deep-learning/JarSame.java "$1" "$2" 2>&1 \
            | grep -v 'INFO\|WARN\|SLF4J' ;;
    *) echo "usage: jars.sh ab <jar A> <jar B> <infer|train> [rounds] | jars.sh same <jar A> <jar B>" >&2; exit 2 ;;
esac
