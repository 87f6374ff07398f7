#!/usr/bin/env bash
# Builds the libFuzzer harnesses (in the `asan` preset's build: clang++,
# ASan+UBSan, the harnesses at -O1) and runs each for a bounded time, then
# prints a markdown table of what happened.
#   ./tools/fuzz.sh [seconds-per-harness] [harness...]     (default: 30, all)
# Each run starts from the checked-in seeds (tests/fuzz/corpus/<harness>),
# copied into <build>/fuzz-runs/<harness>/corpus so what the fuzzer adds never
# lands in the source tree. Exits non-zero if any harness crashed; the
# crashing inputs stay in <build>/fuzz-runs/<harness>/artifacts.
# OAUTH2CC_FUZZ_BUILD_DIR overrides the build directory (default build/asan,
# configured with that preset if it is not yet; CI's ASan section has built
# the harnesses there already).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [seconds-per-harness] [harness...]" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))
if (($# > 0)); then
  harnesses=("$@")
else
  harnesses=()
  for dir in tests/fuzz/corpus/*/; do harnesses+=("$(basename "$dir")"); done
fi

build=${OAUTH2CC_FUZZ_BUILD_DIR:-build/asan}
mkdir -p "$build"
# Quiet unless something fails.
configure=(cmake --preset asan -B "$build")
if [[ -f $build/CMakeCache.txt ]]; then configure=(true); fi
{ "${configure[@]}" && cmake --build "$build" --target fuzzers -j 2; } >"$build/fuzz-build.log" 2>&1 ||
  { cat "$build/fuzz-build.log" >&2; echo "fuzz: building the harnesses failed (log above)" >&2; exit 1; }

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
runs=$(cd "$build" && pwd)/fuzz-runs
rows=()
crashed=()
for harness in "${harnesses[@]}"; do
  binary=$(cd "$build" && pwd)/tests/fuzz/fuzz_$harness
  if [[ ! -x $binary || ! -d tests/fuzz/corpus/$harness ]]; then
    echo "fuzz: no harness named $harness (see tests/fuzz/corpus/)" >&2
    exit 2
  fi
  run=$runs/$harness
  rm -rf "$run"
  mkdir -p "$run/corpus" "$run/artifacts"
  cp tests/fuzz/corpus/"$harness"/* "$run/corpus/"
  echo "fuzz: $harness for ${seconds}s" >&2
  # -jobs=1 runs the session in a worker whose output goes to fuzz-0.log.
  (cd "$run" && "$binary" -max_total_time="$seconds" -jobs=1 -max_len=65536 -timeout=10 -print_final_stats=1 \
     -artifact_prefix="$run/artifacts/" corpus >libfuzzer.log 2>&1) || true
  log=$run/fuzz-0.log
  [[ -f $log ]] || log=$run/libfuzzer.log

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  # Without final stats (a crash can end the run first), the last status line.
  [[ -n $execs ]] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  [[ -n $rate ]] || rate=$(grep -oE 'exec/s: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  units=$(find "$run/corpus" -type f | wc -l)
  crashes=$(find "$run/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) |
              wc -l)
  if ! grep -q '^Done [0-9]* runs in' "$log" && ((crashes == 0)); then
    crashes=1  # ended without finishing and without an artifact: count it, the log says why
  fi
  rows+=("| $harness | ${execs:-?} | ${rate:-?} | $units | $crashes |")
  if ((crashes > 0)); then
    crashed+=("$harness")
    {
      echo
      echo "fuzz: $harness crashed; log: $log"
      grep -E 'ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error|invariant broken|terminate called|what\(\)' \
        "$log" | head -5 | sed 's/^/  /'
      for artifact in "$run"/artifacts/*; do
        [[ -e $artifact ]] && echo "  reproduce: $binary $artifact"
      done
    } >&2
  fi
done

echo
echo "| harness | execs | exec/s | corpus units | crashes found |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
if ((${#crashed[@]} > 0)); then
  echo
  echo "fuzz: crashes in ${crashed[*]} (details above)" >&2
  exit 1
fi
