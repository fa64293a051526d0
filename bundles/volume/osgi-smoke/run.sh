#!/bin/sh
# OSGi smoke check (not part of the Maven build): Felix 7 + SCR + Gogo runtime + org.covidmtl.api + com.pixelmed +
# org.covidmtl.volume.io; prints bundle states, the registered volume services, and two DICOM reads via the service.
# Needs: mvn -B -q install -f bundles/volume/pom.xml (and the api bundle) done; the Felix jars in ~/.m2 (fetched below).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SHARED=${COVIDMTL_SHARED:-$ROOT/../shared}
M=$HOME/.m2/repository
V=0.1.0-SNAPSHOT
for a in org.apache.felix:org.apache.felix.framework:7.0.5 org.apache.felix:org.apache.felix.scr:2.2.12 \
    org.apache.felix:org.apache.felix.gogo.runtime:1.1.6 org.osgi:org.osgi.util.function:1.2.0 \
    org.osgi:org.osgi.util.promise:1.3.0 org.osgi:org.osgi.service.component:1.5.1; do
  mvn -B -q dependency:get -Dartifact=$a >/dev/null
done
FW=$M/org/apache/felix/org.apache.felix.framework/7.0.5/org.apache.felix.framework-7.0.5.jar
OUT=$(mktemp -d)
javac -d "$OUT" -cp "$FW" "$HERE/Smoke.java"
java -Djava.awt.headless=true -Dcovidmtl.shared="$SHARED" -cp "$FW:$OUT" Smoke \
  $M/org/osgi/org.osgi.util.function/1.2.0/org.osgi.util.function-1.2.0.jar \
  $M/org/osgi/org.osgi.util.promise/1.3.0/org.osgi.util.promise-1.3.0.jar \
  $M/org/osgi/org.osgi.service.component/1.5.1/org.osgi.service.component-1.5.1.jar \
  $M/org/apache/felix/org.apache.felix.scr/2.2.12/org.apache.felix.scr-2.2.12.jar \
  $M/org/apache/felix/org.apache.felix.gogo.runtime/1.1.6/org.apache.felix.gogo.runtime-1.1.6.jar \
  "$ROOT/bundles/api/target/org.covidmtl.api-$V.jar" \
  "$ROOT/bundles/volume/pixelmed/target/com.pixelmed-$V.jar" \
  "$ROOT/bundles/volume/volume-io/target/org.covidmtl.volume.io-$V.jar"
