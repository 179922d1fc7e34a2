#!/usr/bin/env bash
# Load + reconcile benchmark (issue 2, "Scale and performance").
#
# Generates two synthetic clusters with `kubewalk generate` (the shape `kubectl get -A -o json`
# prints), then, on each file, runs the release build's `kubewalk bench load` (parse, decode,
# reconcile, validate; prints MB/s and peak RSS from VmHWM) next to Python's C JSON parser
# alone: python3 -c 'import json,sys; json.load(open(sys.argv[1]))'. Uses hyperfine when
# installed, else /usr/bin/time -v. Numbers go to docs/performance.md.
#
#   scripts/bench-load.sh            # both sizes
#   SIZES=small scripts/bench-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kubewalk >/dev/null
K=.build/release/kubewalk
DIR=${BENCH_DIR:-/tmp/kubewalk-bench}
mkdir -p "$DIR"

declare -A ARGS=(
  [small]="--nodes 1000 --pods-per-node 30 --services 5000 --endpoints-per-service 6 --ingresses 500"
  [large]="--nodes 5000 --pods-per-node 30 --services 10000 --endpoints-per-service 15 --ingresses 1000"
)
SIZES=${SIZES:-"small large"}

peak() { awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); printf "%.0f MiB", $2/1024}' "$1"; }
elapsed() { awk '/Elapsed \(wall clock\)/ {print $NF}' "$1"; }

for size in $SIZES; do
  f="$DIR/$size.json"
  if [ ! -s "$f" ]; then
    echo "== generating $size: kubewalk generate ${ARGS[$size]} > $f"
    /usr/bin/time -f "   generated in %e s, peak %M kB" $K generate ${ARGS[$size]} --seed 1 > "$f"
  fi
  echo "== $size: $(du -h "$f" | cut -f1) ($f)"
  echo "-- kubewalk bench load (release)"
  /usr/bin/time -v -o "$DIR/kw-$size.time" $K bench load "$f"
  echo "   wall $(elapsed "$DIR/kw-$size.time"), max RSS $(peak "$DIR/kw-$size.time")"
  echo "-- python3 json.load alone"
  /usr/bin/time -v -o "$DIR/py-$size.time" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f"
  echo "   wall $(elapsed "$DIR/py-$size.time"), max RSS $(peak "$DIR/py-$size.time")"
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs 3 "$K bench load $f" "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $f"
  fi
done
