#!/bin/sh
# Times the radiomics engine on the paper's 375-vector (config/radiomics/covid-mtl-375.yaml): a real CT with
# its lung mask (TotalSegmentator example, lobes 10-14) and a 1 mm 340x390x390 volume made from it.
# Not a test. Usage: bench/radiomics/run.sh [real|big|both|values] ; env HEAP (default 6g), COVIDMTL_SHARED.
# `values` prints every feature value (17 digits) of three cases instead, to compare two builds.
# Needs: ./mvnw -B -q -o -ntp -pl bundles/api,bundles/volume/volume-io,bundles/radiomics install -DskipTests (or a full build).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${COVIDMTL_SHARED:-$ROOT/../shared}
V=0.1.0-SNAPSHOT
CP="$ROOT/bundles/radiomics/target/org.covidmtl.radiomics-$V.jar:$ROOT/bundles/volume/volume-io/target/org.covidmtl.volume.io-$V.jar:$ROOT/bundles/api/target/org.covidmtl.api-$V.jar"
for j in $(echo "$CP" | tr ':' ' '); do
  [ -f "$j" ] || { echo "missing $j: build first"; exit 1; }
done
OSGI=$(find "${HOME}/.m2/repository/org/osgi/osgi.annotation" -name '*.jar' 2>/dev/null | head -1)
echo "cores: $(nproc), java: $(java -version 2>&1 | head -1)"
exec java -Xmx"${HEAP:-6g}" -cp "$CP${OSGI:+:$OSGI}" "$HERE/Bench.java" "$SHARED/data" "$ROOT/config/radiomics/covid-mtl-375.yaml" "${1:-both}"
