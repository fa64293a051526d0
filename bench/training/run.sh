#!/usr/bin/env bash
# Training-epoch benchmark (issue 11): is a covid-mtl training epoch bounded by compute or by loading?
# 1. bin/covid-mtl mtl:train prepares real chest CTs once (read, 1 mm, lungs, the paper's masked 340x390x390 volume
#    as <out>/prepared/<id>.nii.gz), with a 1-epoch 32^3 run;
# 2. Bench.java trains covid-mtl on those prepared files, streamed from disk per batch as mtl:train does, at the
#    shapes in SHAPES, and prints per epoch: wall, compute, waiting for data, loader busy;
# 3. the same network's training step in PyTorch 1.13 (bench/deep-learning/peer.py) at the same shapes, for scale.
# Needs: the distribution built (./mvnw -B -q package -DskipTests) and the modules in ~/.m2 (install), Debian's
# python3-torch for the peer, ../shared beside the repo. Env: SHAPES (default "64:80:2:2 128:160:2:1" =
# depth:size:batch:epochs), NO_PEER=1, WORK (default /tmp/covidmtl-bench-training), REUSE=1 (keep the prepared
# studies of an earlier run).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
shared="${COVIDMTL_SHARED:-$(cd .. && pwd)/shared}"
work="${WORK:-/tmp/covidmtl-bench-training}"
shapes="${SHAPES:-64:80:2:2 128:160:2:1}"
mkdir -p "$work"
cat > "$work/studies.csv" <<CSV
id,volume,covid-ct,covid-nat,severity,radio_0,radio_1,radio_2,radio_3
phantom,$shared/data/ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz,1,1,2,0.5,1.2,-0.3,2.0
popi,$shared/data/chest-ct/popi-00,0,1,1,0.1,0.2,0.3,0.4
lung,$shared/data/totalsegmentator/pulmonary_ct_cropped.nii.gz,1,0,0,-0.4,0.1,0.8,1.0
chest,$shared/data/totalsegmentator/example_ct_sm.nii.gz,0,0,0,0.3,0.3,0.1,0.9
CSV
cat > "$work/prepare.json" <<JSON
{ "model": "covid-mtl", "parameters": { "depth": 32, "size": 32, "radio-features": 4, "crop-margin": 16,
  "epochs": 1, "batch-size": 2 }, "studies": "studies.csv", "prepare": "segment" }
JSON
if [ "${REUSE:-0}" != 1 ] || [ ! -d "$work/prepare-out/prepared" ]; then
rm -rf "$work/prepare-out"
COVIDMTL_SHARED="$shared" runtime/target/covid-mtl/bin/covid-mtl mtl:train --out "$work/prepare-out" "$work/prepare.json" \
    | tail -3
fi
m2="$HOME/.m2/repository/org/covidmtl"
v=0.1.0-SNAPSHOT
cpf=$(mktemp)
trap 'rm -f "$cpf"' EXIT
./mvnw -B -q -o -ntp dependency:build-classpath -pl bundles/models/volume-models -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cpf" >/dev/null
cp="$m2/org.covidmtl.models.volume/$v/org.covidmtl.models.volume-$v.jar:$(cat "$cpf")"
for s in $shapes; do
    IFS=: read -r d sz b e <<<"$s"
    echo "# $(uptime | sed 's/.*load/load/') | ours: ${d}x${sz}x${sz} batch $b, $e epochs"
    if ! OMP_NUM_THREADS=2 java -Xmx8g -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 \
        -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "$cp" bench/training/Bench.java "$work/prepare-out/prepared" \
        "$d" "$sz" "$b" "$e" > "$work/ours.log" 2>&1; then
        echo "# ours failed at ${d}x${sz}x${sz}:"; grep -v '^\s*at ' "$work/ours.log" | tail -5
    fi
    grep -E '^(RESULT|#)' "$work/ours.log" || true
    if [ "${NO_PEER:-0}" != 1 ]; then
        echo "# $(uptime | sed 's/.*load/load/') | PyTorch: training step ${d}x${sz}x${sz} batch $b"
        OMP_NUM_THREADS=2 THREADS=2 /usr/bin/python3 bench/deep-learning/peer.py volume "$d" "$sz" "$b" 1 2 train 2>&1 \
            | grep RESULT || true
    fi
done
