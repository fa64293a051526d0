# Sourced by run.sh and jars.sh (from the repository root): the class path the benchmarks run our jars on.
# module_classpath <module dir>: the test-scope dependency class path of a module, as its tests resolve it
# (DL4J, ND4J and the nd4j-native backend linux-x86_64-onednn-avx2), offline from ~/.m2.
m2="$HOME/.m2/repository/org/covidmtl"
v=0.1.0-SNAPSHOT
# the cohort bundle goes last on a class path: it embeds a newer commons-lang3 whose RandomUtils makes a SecureRandom
# per call, which ND4J's DeallocatorService calls for every array; the runtime (and the tests) give ND4J 3.11
cohort_jar="$m2/org.covidmtl.cohort/$v/org.covidmtl.cohort-$v.jar"
module_classpath() {
    local f
    f=$(mktemp)
    ./mvnw -B -q -o -ntp dependency:build-classpath -pl "$1" -Dmdep.includeScope=test -Dmdep.outputFile="$f" >/dev/null
    cat "$f"
    rm -f "$f"
}
