#!/bin/sh
# Times our volume reader (org.covidmtl.volume.io) against pydicom (Debian python3-pydicom) on the same
# DICOM files and prints the ratio. Not a test. Usage: bench/volume-decode/run.sh [repetitions]
# Needs: the volume bundles built (mvn -B -q install -f bundles/volume/pom.xml), /work/shared beside the repo.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${COVIDMTL_SHARED:-$ROOT/../shared}
REPS=${1:-5}
need=""
/usr/bin/python3 -c "import pydicom" 2>/dev/null || need="$need python3-pydicom"
/usr/bin/python3 -c "import numpy" 2>/dev/null || need="$need python3-numpy"
/usr/bin/python3 -c "import PIL" 2>/dev/null || need="$need python3-pil"
if [ -n "$need" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need
fi
V=0.1.0-SNAPSHOT
CP="$ROOT/bundles/volume/volume-io/target/org.covidmtl.volume.io-$V.jar:$ROOT/bundles/volume/pixelmed/target/com.pixelmed-$V.jar:$ROOT/bundles/api/target/org.covidmtl.api-$V.jar"
for j in $(echo "$CP" | tr ':' ' '); do
  [ -f "$j" ] || { echo "missing $j: build first (mvn -B -q install -f bundles/volume/pom.xml)"; exit 1; }
done
# a 512x512x300 series (the issue's size), written from one real slice by make_series.py
BIG=${TMPDIR:-/tmp}/covidmtl-bench-series300
[ -f "$BIG/IM0299.dcm" ] || /usr/bin/python3 "$HERE/make_series.py" "$SHARED/data/dicom/cornerstone_ct_transfer_syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm" "$BIG" 300
SETS="ct-512x512x300=$BIG ibsi=$SHARED/data/ibsi/ibsi_1_ct_radiomics_phantom/dicom/image j2k-lossless=$SHARED/data/totalsegmentator/example_ct_dicom rle=$SHARED/data/dicom/cornerstone_ct_transfer_syntaxes/CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm deflate=$SHARED/data/dicom/cornerstone_ct_transfer_syntaxes/CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm"
echo "set               java ms  bytes-only ms  pydicom ms   java/pydicom  java/bytes-only"
for s in $SETS; do
  name=${s%%=*}; path=${s#*=}
  jb=$(java -Xmx3g -Djava.awt.headless=true -cp "$CP" "$HERE/Bench.java" "$path" "$REPS")
  j=${jb% *}; b=${jb#* }
  p=$(/usr/bin/python3 "$HERE/bench_pydicom.py" "$path" "$REPS" 2>/dev/null || echo "n/a")
  if [ "$p" = "n/a" ]; then ratio="pydicom cannot decode"; else ratio=$(/usr/bin/python3 -c "print('%.2f' % ($j / $p))"); fi
  io=$(/usr/bin/python3 -c "print('%.2f' % ($j / $b))")
  printf "%-16s %9s %13s %11s   %-13s %s\n" "$name" "$j" "$b" "$p" "$ratio" "$io"
done
# the same big series read from the disk: the page cache dropped before every timed run (root only)
if [ "$(id -u)" = 0 ]; then
  jb=$(java -Xmx3g -Djava.awt.headless=true -cp "$CP" "$HERE/Bench.java" "$BIG" 3 cold)
  j=${jb% *}; b=${jb#* }
  p=$(/usr/bin/python3 "$HERE/bench_pydicom.py" "$BIG" 3 cold)
  printf "%-16s %9s %13s %11s   %-13s %s\n" "ct-300 (cold)" "$j" "$b" "$p" "$(/usr/bin/python3 -c "print('%.2f' % ($j / $p))")" "$(/usr/bin/python3 -c "print('%.2f' % ($j / $b))")"
else
  echo "ct-300 (cold): needs root to drop the page cache"
fi
# the 8-bit baseline JPEG file: our decode against Pillow's (libjpeg-turbo) and the lossless original
OUT=${TMPDIR:-/tmp}/covidmtl-bench-baseline.f32
java -Djava.awt.headless=true -cp "$CP" "$HERE/DumpHu.java" "$SHARED/data/dicom/cornerstone_ct_transfer_syntaxes/CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm" "$OUT"
echo "baseline JPEG: $(/usr/bin/python3 "$HERE/baseline_jpeg_vs_pillow.py" "$OUT" "$SHARED")"
