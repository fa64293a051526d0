#!/usr/bin/env bash
# Deep-learning benchmark: our DL4J/ND4J networks next to PyTorch equivalents (peer.py), same shapes and threads,
# in one run, rows interleaved (ours, then PyTorch, per row). Prints the results table (Markdown) at the end.
# Needs: the modules installed in ~/.m2 (./mvnw -B -o -ntp install -DskipTests), Debian's python3-torch
# (apt-get install -y python3-torch; PyTorch 1.13) for /usr/bin/python3, ../shared beside the repo (or COVIDMTL_SHARED).
# Env: ROWS (default "matmul fnn small large"; any subset), FNN_RUNS (fits per JVM / Python process, default 2: the
# first Java one includes JIT warm-up, the fastest is reported), FEATURES_JAR (another org.covidmtl.models.features
# jar, e.g. a build before a change), VOLUME_JAR (likewise for org.covidmtl.models.volume, e.g. a worktree's
# bundles/models/volume-models/target jar, so that no install is needed), JAVA_OPTS (more JVM options, e.g. -XX:StartFlightRecording=filename=x.jfr),
# LARGE_OURS (our part of the 200×250×250 row: both (default), infer or train), PYTHON (default /usr/bin/python3),
# NO_PEER=1 (ours only), LOG (default /tmp/covidmtl-bench-deep-learning.log), MALLOC (keep, the default, as
# bin/covid-mtl sets glibc's malloc for the platform, or system: glibc's defaults; the same for both sides).
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="${COVIDMTL_SHARED:-$(cd .. && pwd)/shared}"
rows="${ROWS:-matmul fnn small large}"
fnn_runs="${FNN_RUNS:-2}"
py="${PYTHON:-/usr/bin/python3}"
log="${LOG:-/tmp/covidmtl-bench-deep-learning.log}"
# shellcheck source=bench/deep-learning/classpath.sh
. bench/deep-learning/classpath.sh
features="${FEATURES_JAR:-$m2/org.covidmtl.models.features/$v/org.covidmtl.models.features-$v.jar}"
volume="${VOLUME_JAR:-$m2/org.covidmtl.models.volume/$v/org.covidmtl.models.volume-$v.jar}"
cp="$features:$(module_classpath bundles/models/feature-models):$volume:$cohort_jar"
# shellcheck disable=SC2206
java=(java -Xmx8g ${JAVA_OPTS:-} -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0
      -cp "$cp" bench/deep-learning/Bench.java)
: > "$log"
if [ "${MALLOC:-keep}" = keep ]; then # as bin/covid-mtl
    export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736
    export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1"
fi
echo "# malloc: ${MALLOC:-keep} (MALLOC_MMAP_MAX_=${MALLOC_MMAP_MAX_:-unset} GLIBC_TUNABLES=${GLIBC_TUNABLES:-unset})" | tee -a "$log"
ours() { # threads args...
    local t=$1; shift
    echo "# $(uptime | sed 's/.*load/load/') | ours: $*" | tee -a "$log"
    OMP_NUM_THREADS=$t "${java[@]}" "$@" 2>&1 | grep -v '^\s*at \|INFO\|WARN\|SLF4J' | sed 's/^RESULT /RESULT ours /' | tee -a "$log"
}
peer() { # threads args...
    local t=$1; shift
    [ "${NO_PEER:-0}" = 1 ] && return 0
    echo "# $(uptime | sed 's/.*load/load/') | PyTorch: $*" | tee -a "$log"
    OMP_NUM_THREADS=$t THREADS=$t "$py" bench/deep-learning/peer.py "$@" 2>&1 | sed 's/^RESULT /RESULT peer /' | tee -a "$log"
}
for r in $rows; do
    case $r in
        matmul) ours 2 matmul 2048 5; peer 2 matmul 2048 5 ;;
        fnn) ours 1 fnn "$shared/data/covid-mtl" 1 "$fnn_runs"; peer 1 fnn "$shared/data/covid-mtl" "$fnn_runs" ;;
        small) ours 2 volume 64 80 2 1 3 both; peer 2 volume 64 80 2 1 3 both ;;
        # 87 GFLOP forward: one warm-up pass, then the fastest of 2 (the first pass of a process is reported too);
        # our training step is in since the sixth session (peak resident 6.4 GB; before, DL4J was killed by the kernel
        # OOM killer at 12.8 GB resident on this 23 GB machine, and its column path threw on a partial block)
        large) ours 2 volume 200 250 1 1 2 "${LARGE_OURS:-both}"; peer 2 volume 200 250 1 1 2 both ;;
    esac
done
echo "# $(uptime | sed 's/.*load/load/') | done" | tee -a "$log"
"$py" - "$log" <<'PY'
import re, sys
res, flop, loads = {}, {}, []
for line in open(sys.argv[1]):
    f = line.split()
    if line.startswith("RESULT"):
        res[(f[1], " ".join(f[2:-1]))] = float(f[-1])
    elif line.startswith("FLOP"):
        flop[f[1]] = float(f[2])
    elif line.startswith("# load"):
        loads.append(line.split("|")[0][2:].strip())
mm = res.get(("peer", "matmul"))
print("\nmatmul 2048² float32, 2 threads: ND4J %s GFLOP/s, PyTorch %s GFLOP/s (machine rate = PyTorch's)"
      % (res.get(("ours", "matmul"), "–"), mm or "–"))
print("load averages during the run: " + "; ".join(loads))
print("\n| row | ours (s) | PyTorch (s) | ours/PyTorch | ours GFLOP/s (% of matmul) | PyTorch GFLOP/s (% of matmul) |")
print("|---|---|---|---|---|---|")
names = {"fnn-train": "fnn-mtl training, 80 epochs, 930 rows, batch 10, 1 thread",
         "fnn-infer": "fnn-mtl inference, 399 rows, 1 thread"}
keys = []
for (who, k) in res:
    if k != "matmul" and k not in keys:
        keys.append(k)
for k in keys:
    o, p = res.get(("ours", k)), res.get(("peer", k))
    name = names.get(k, k.replace("_", " ").replace("volume", "VOLUME_RADIO").replace(" infer", " inference, 2 threads")
                     .replace(" train", " training step, 2 threads"))
    rate = ["", ""]
    row = k.split(" ")[0]
    if row in flop:
        g = flop[row] * (3 if k.endswith("train") else 1)  # training ≈ 3× the forward FLOP
        rate = ["%.1f (%.0f %%)" % (g / t, 100 * g / t / mm) if t and mm else "–" for t in (o, p)]
    print("| %s | %s | %s | %s | %s | %s |" % (name, "%.3f" % o if o else "–", "%.3f" % p if p else "–",
                                           "%.2f" % (o / p) if o and p else "–", rate[0], rate[1]))
PY
