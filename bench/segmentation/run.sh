#!/usr/bin/env bash
# Lung segmentation benchmark: both methods on the largest real CT of ../shared (chest-ct/popi-00,
# 512×512×141) and on a 1 mm 340×390×390 volume built from it, next to a scikit-image peer.
# Needs: the modules installed in ~/.m2 (./mvnw -B -o -ntp -pl bundles/api,bundles/segmentation install; volume-io by its module),
# Debian's python3-skimage python3-scipy python3-nibabel (apt-get install -y ...).
# Env: COVIDMTL_SHARED (default ../shared), BENCH_WORK (default /tmp/covidmtl-bench-segmentation),
# THREADS (Java, default 2), SNAKE_SLICES (peer's timed active-contour slices, default 8; 0 = all).
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="${COVIDMTL_SHARED:-$(cd .. && pwd)/shared}"
work="${BENCH_WORK:-/tmp/covidmtl-bench-segmentation}"
threads="${THREADS:-2}"
snakes="${SNAKE_SLICES:-8}"
py="${PYTHON:-/usr/bin/python3}"
m2="$HOME/.m2/repository/org/covidmtl"
v=0.1.0-SNAPSHOT
cp=""
for a in org.covidmtl.api org.covidmtl.segmentation org.covidmtl.volume.io com.pixelmed; do
    cp="$cp:$m2/$a/$v/$a-$v.jar"
done
java="java -Xmx6g -cp ${cp#:} bench/segmentation/Bench.java"
$java prepare "$shared/data/chest-ct/popi-00" "$work"
echo "| volume | method | implementation | cold: wall s (CPU s) | warm: wall s (CPU s), best of 3 | peak RSS MB | result |"
echo "|---|---|---|---|---|---|---|"
for vol in popi-00.nii popi-00-1mm-340x390x390.nii; do
    for m in classical refined; do
        $java run "$m" "$work/$vol" "$threads"
    done
    "$py" bench/segmentation/peer.py classical "$work/$vol"
    "$py" bench/segmentation/peer.py refined "$work/$vol" --snake-slices "$snakes"
done
