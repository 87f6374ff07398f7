#!/usr/bin/env bash
# Builds the `bench` preset (Release, g++), runs the benchmarks and the
# compile-cost measurement, and prints the table docs/performance.md shows.
#
#   tools/bench.sh            # everything, about two minutes
#   tools/bench.sh --quick    # shorter runs, for a smoke test
#
# Figures mean something only on a quiet machine: stop other builds first.
set -euo pipefail
cd "$(dirname "$0")/.."

min_time=0.5
repetitions=3
compile_runs=5
if [[ ${1:-} == --quick ]]; then
  min_time=0.05
  repetitions=1
  compile_runs=1
fi

cmake --preset bench >/dev/null
cmake --build --preset bench --target oauth2cc_benchmarks

out=build/bench/results
mkdir -p "$out"
build/bench/tests/benchmarks/oauth2cc_benchmarks \
  --benchmark_min_time="$min_time" --benchmark_repetitions="$repetitions" \
  --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/benchmarks.json" --benchmark_out_format=json >/dev/null

python3 tools/compile_cost.py --runs "$compile_runs" --out "$out/compile.json"
python3 tools/bench_table.py "$out/benchmarks.json" "$out/compile.json"
