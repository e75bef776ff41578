#!/usr/bin/env bash
# Every GPU check of the project in one short run, for a lent GPU machine (a lease is minutes).
#
#   bash benchmarks/gpu_session.sh OUT_DIR [SHARED_DATA_DIR]      (STEPS="tests ssl" picks steps)
#
# Steps, each under its own time limit so one slow step cannot eat the others:
#   tests          the test suite on CUDA (without the Qt widget tests)
#   throughput     train_throughput: engine vs bare loop, bf16 + channels-last vs fp32, loader workers
#   localize_time  512^3 localisation timing
#   ssl            ssl_vs_supervised in the paper's configuration (ResNet50, 50 epochs) on the
#                  brightfield images, cut short when its time is up (finished cells are kept)
#   localize_eval  localisation quality on larger scenes (8 x 128x192x192, slices at full size)
#   families       (opt-in: STEPS="families") fresh seeds (FAMILY_SEEDS, 12 13) of every box-rule
#                  family, one sorting model each; simulation is CPU-bound: one process per family,
#                  in parallel on the machine's cores, stopped after FAMILY_BUILD_S (360 s), then
#                  families_eval per family in parallel, merged (families_eval --merge)
#                  (the held-out family's samples need the [bench] packages: their wheels in .whl/)
#   user_path      the real napari command opens each widget from the Plugins menu and trains, with
#                  the CUDA torch build (Triton) on the GPU box's OpenGL (needs xvfb-run there)
#                  (SSL_MORE="--seeds 1 2 --losses bce dice" picks other cells: a later option wins)
# SHARED_DATA_DIR holds dsb2018/ and volumes/ as ../shared/data does. Logs go to OUT_DIR.
# The machine needs torch with CUDA; missing packages can come as wheels in .whl/ (installed
# into /tmp/site). GPU_DRY=1 runs the same steps tiny, to check the script on a CPU.
set -u
OUT=$(realpath -m "${1:?usage: gpu_session.sh OUT_DIR [SHARED_DATA_DIR]}")
DATA=$(realpath -m "${2:-../shared/data}")
STEPS=" ${STEPS:-tests user_path throughput localize_time ssl localize_eval} "
mkdir -p "$OUT"
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ls .whl/*.whl >/dev/null 2>&1; then
    $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
    export PYTHONPATH=/tmp/site
fi
export PYTHONPATH=$PWD/src:$PWD/benchmarks${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1 PRETEXT_SHARED_DATA=$DATA
nvidia-smi -L 2>/dev/null | tee "$OUT/gpu.txt"
$PY -c "import torch, segmentation_models_pytorch as smp, pytorch_msssim, dask, napari_pretext; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'smp', smp.__version__)" 2>&1 | tee -a "$OUT/gpu.txt"

if [ "${GPU_DRY:-0}" = 1 ]; then
    T=(60 120 60 120 200); TESTS=tests/test_gpu.py
    THR=(--encoder resnet18 --steps 2 --repeats 1); SIDE=(--side 96 --max-side 64 --passes 2)
    SSL=(--encoder resnet18 --epochs 1 --pretext-epochs 1 --counts 1 --eval-limit 2)
    LOC=(--quick --scenes 2 --epochs 1 --steps 2)
else
    T=(${GPU_TIMES:-100 120 60 170 150}); TESTS="tests --ignore=tests/_qt"
    THR=(--steps 30 --repeats 5); SIDE=(--side 512)
    SSL=(--paper --counts 1 3 10 30 --eval-limit 18)
    LOC=(--shape 128 192 192 --scenes 8 --epochs 5 --steps 30 --patch 192)
fi
step() {  # step NAME SECONDS COMMAND...: run with a time limit, log to OUT/NAME.log
    local name=$1 limit=$2; shift 2
    [[ $STEPS == *" $name "* ]] || return 0
    echo "### $name (limit ${limit}s): $*"
    local t0=$SECONDS
    timeout "$limit" "$@" > "$OUT/$name.log" 2>&1
    echo "### $name: exit $? after $((SECONDS - t0)) s"; tail -n 25 "$OUT/$name.log"
}
XDIST=$($PY -c "import xdist" 2>/dev/null && echo "-n 4")  # parallel where pytest-xdist is there
step tests "${T[0]}" $PY -m pytest -q -p no:cacheprovider $XDIST $TESTS
if command -v xvfb-run >/dev/null 2>&1; then
    step user_path 150 xvfb-run -a $PY -m pytest -q -p no:cacheprovider tests/_qt/test_user_path.py
else
    echo "### user_path: skipped (no xvfb-run on this machine; carry Xvfb and Mesa, see the device README)"
fi
step throughput "${T[1]}" bash -c "$PY benchmarks/train_throughput.py ${THR[*]} --batch-size 8 --patch-size 128; $PY benchmarks/train_throughput.py ${THR[*]} --batch-size 16 --patch-size 256"
step localize_time "${T[2]}" $PY benchmarks/localize_time.py "${SIDE[@]}"
step ssl "${T[3]}" $PY benchmarks/ssl_vs_supervised.py "${SSL[@]}" --groups brightfield --seeds 0 --losses iou \
    --conditions ssl_frozen scratch random_frozen ${SSL_MORE:-} --out "$OUT/ssl_run"
if [ -f "$OUT/ssl_run/results.jsonl" ]; then  # the table of whatever cells finished in time
    $PY benchmarks/ssl_vs_supervised.py --summarise "$OUT/ssl_run/results.jsonl" 2>&1 | tee "$OUT/ssl_table.log"
    cp "$OUT/ssl_run/results.jsonl" "$OUT/ssl_results.jsonl" && rm -rf "$OUT/ssl_run"  # the models stay behind
fi
step localize_eval "${T[4]}" $PY benchmarks/localize_eval.py "${LOC[@]}" --methods threshold sorting rotation
# one process per family (the simulation is single-threaded; the models share the GPU), the build
# stopped after FAMILY_BUILD_S (the scenes finished are kept: each is written whole), then one
# scoring process per family, merged into one table
# (seeds 8-11 were scored on 2026-12-04 and some of them rebuilt and looked at since: fresh ones are 12 on)
export PY OUT FAMILY_SEEDS=${FAMILY_SEEDS:-12 13} FAMILY_BUILD_S=${FAMILY_BUILD_S:-360}
step families 600 bash -c '$PY -c "import ct_families; print(*ct_families.FAMILIES, sep=chr(10))" > /tmp/families.txt
    xargs -P "$(nproc)" -I{} env OMP_NUM_THREADS=1 $PY benchmarks/ct_families.py --families {} --seeds $FAMILY_SEEDS --cache /tmp/families \
        < /tmp/families.txt > "$OUT/families_build.log" 2>&1 & build=$!
    (sleep "$FAMILY_BUILD_S"; pkill -f ct_families.py) & stop=$!
    wait $build; kill $stop 2>/dev/null; ls /tmp/families | wc -l
    mkdir -p /tmp/families_eval
    xargs -P "$(nproc)" -I{} sh -c "OMP_NUM_THREADS=1 $PY benchmarks/families_eval.py --families {} --seeds $FAMILY_SEEDS \
        --cache /tmp/families --cached-only > /tmp/families_eval/{}.log 2>&1" < /tmp/families.txt
    tail -qn1 /tmp/families_eval/*.log > "$OUT/families_rows.jsonl"
    $PY benchmarks/families_eval.py --merge "$OUT/families_rows.jsonl"'
