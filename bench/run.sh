#!/usr/bin/env bash
# `make bench`: every benchmark, printed; figures recorded by hand in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench

echo "== Engine, native (cargo bench --bench engine)"
cargo bench --bench engine 2>/dev/null | tee target/bench/native.txt | grep -E '^(flood|mixed|chain|timing)'

echo
echo "== Engine in wasm, headless Chromium (release build)"
cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture 2>/dev/null \
  | grep -o 'BENCH.*' | sed 's/^BENCH //' | tee target/bench/wasm.txt
native=$(grep -m1 'flood p2p   10000' target/bench/native.txt | sed -E 's/.* ([0-9.]+) M deliveries\/s.*/\1/')
wasm=$(grep -m1 'flood' target/bench/wasm.txt | sed -E 's/.* ([0-9.]+) M deliveries\/s.*/\1/')
awk -v w="$wasm" -v n="$native" 'BEGIN { printf "wasm / native throughput, flood at 10,000 peers: %.0f %%\n", 100 * w / n }'
native=$(grep -m1 'chain praos 2500 peers, 6 h' target/bench/native.txt | sed -E 's/.* ([0-9.]+) M events\/s.*/\1/')
wasm=$(grep -m1 'chain' target/bench/wasm.txt | sed -E 's/.* ([0-9.]+) M events\/s.*/\1/')
awk -v w="$wasm" -v n="$native" 'BEGIN { printf "wasm / native throughput, Praos on 2,500 peers: %.0f %%\n", 100 * w / n }'

echo
echo "== Beside SimBlock (the research simulator; same workload, same machine, same hour)"
simblock=../shared/yardsticks/simblock/run.sh
if [ -x "$simblock" ] || [ -f "$simblock" ]; then
  cargo build --release --quiet --bin archsim
  sb=$(bash "$simblock" 2500 20 200 64000 | tee /dev/stderr | sed -E 's/.*B: ([0-9.]+) s, ([0-9]+) KB.*/\1 \2/')
  as=$( { /usr/bin/time -f '%e %M' ./target/release/archsim chain --consensus pow --participants 2500 --degree 16 \
      --block-interval-s 20 --block-kb 64 --latency-ms 10..300 --bandwidth-mbps 20 --tie first-seen \
      --until-s 4000 --json >/dev/null; } 2>&1 | tail -1)
  echo "archsim chain, the same workload: ${as% *} s, ${as#* } KB peak"
  awk -v s="${sb% *}" -v a="${as% *}" 'BEGIN { printf "SimBlock / archsim wall time: %.0f x\n", s / a }'
else
  echo "(SimBlock's yardstick is not beside this checkout: skipped)"
fi

echo
echo "== The page (make dist, then headless Chromium)"
make --no-print-directory dist >/dev/null 2>&1
node bench/frames.mjs
