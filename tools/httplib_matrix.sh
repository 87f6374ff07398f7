#!/usr/bin/env bash
# The cpp-httplib matrix: HttplibTransport against every cpp-httplib release
# oauth2cc supports, with the OpenSSL backend, and the mbedTLS and wolfSSL
# backends where cpp-httplib has them.
#
#   tools/httplib_matrix.sh [--pinned]
#
# --pinned leaves Debian's release out: CI passes it because the README's test
# run, just before, has run the same three checks against it.
#
# Releases: Debian 12's packaged 0.11.4 (pkg-config cpp-httplib), plus the
# releases pinned in the vendor folder, $OAUTH2CC_VENDOR_DIR or else
# <parent of the repository>/shared/vendor (cpp-httplib-<version>.tar.gz,
# checked against its SHA256SUMS). Without that folder only 0.11.4 is tested,
# and the script says so.
#
# Everything happens in build/httplib-matrix/ (the tarballs' httplib.h files
# are unpacked there, never into the source tree): one CMake configure, whose
# own cpp-httplib is the newest pinned release (OAUTH2CC_HTTPLIB_INCLUDE_DIR,
# the way a user vendors it), one build of a program per release and backend
# (tests/CMakeLists.txt: httplib_matrix_tests, httplib_matrix_tests_<release>_
# <backend>), then for each release three checks:
#   single header  tests/package/single_header/* built and run;
#   transport TLS  the "HttplibTransport over HTTPS" suite of
#                  tests/transport/httplib_transport.cpp (trusted and untrusted
#                  CA, wrong host name, server_name_override, client
#                  certificate, min_version, expired, insecure_skip_verify);
#   real IdP       one token fetch over HTTPS from oidc-provider
#                  (tests/interop/real_idp.cpp; needs node and tests/idp's
#                  node_modules).
# With cpp-httplib 0.31+ the client is also built with httplib's other TLS
# backends (the TLS servers stay OpenSSL, in a process of their own), and the
# transport TLS and real IdP checks run on it:
#   0.31.0  mbedTLS (Debian's libmbedtls-dev 2.28; 0.31.0 has no wolfSSL backend):
#           one check, "https refused": before 0.47.0 these backends skip the
#           chain check for IP-address hosts, so HttplibTransport refuses
#           https:// with them (the "HttplibTransport refusing https" suite)
#   0.53.1  mbedTLS and wolfSSL (Debian's libwolfssl-dev 5.5.4)
# Prints per-release counts and its wall time; the last line is
# "httplib matrix: N passed, N failed". Exits non-zero on any failure.
set -uo pipefail

test_system=true
case ${1:-} in
  "") ;;
  --pinned) test_system=false ;;
  *) echo "usage: $0 [--pinned]" >&2; exit 2 ;;
esac

start=$(date +%s)
repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
vendor_dir=${OAUTH2CC_VENDOR_DIR:-$(dirname -- "$repo_root")/shared/vendor}
out=$repo_root/build/httplib-matrix
build=$out/build
log=$out/log.txt
pinned=(0.20.0 0.30.0 0.31.0 0.53.1)
newest=${pinned[-1]}
# The TLS backends besides OpenSSL tested with each pinned release.
declare -A backends=([0.31.0]="mbedtls" [0.53.1]="mbedtls wolfssl")
# Of those, the ones HttplibTransport refuses https:// with (cpp-httplib
# before 0.47.0): only that refusal is checked.
declare -A refused=([0.31.0]="mbedtls")
is_refused() { [[ " ${refused[$1]:-} " == *" $2 "* ]]; }
# How many checks a pinned release has: three, and two per other backend
# (one if refused).
checks_of() {
  local count=3 backend
  for backend in ${backends[$1]:-}; do
    if is_refused "$1" "$backend"; then count=$((count + 1)); else count=$((count + 2)); fi
  done
  echo "$count"
}
jobs=${OAUTH2CC_MATRIX_JOBS:-2}
idp_case="client_secret_basic and client_secret_post over HTTPS with tls.ca_file"

passed=0
failed=0
summary=()

note() { printf 'httplib matrix: %s\n' "$*"; }

# One check: its name, then the command; output goes to the log, and is shown
# when the check fails.
check() {
  local label=$1 name=$2
  shift 2
  if "$@" >>"$log" 2>&1; then
    note "$label: $name: passed"
    return 0
  fi
  note "$label: $name: FAILED (log: $log)"
  tail -n 40 -- "$log" | sed 's/^/    /'
  return 1
}

# A program the build made, or a failed check saying it was not built.
built() {
  local label=$1 program=$2
  [[ -x $program ]] && return 0
  note "$label: $(basename -- "$program") was not built: FAILED (build log: $log)"
  return 1
}

# The checks of one release and backend through `program`, counted in the
# caller's ok and bad: the single header (OpenSSL only), the transport's
# HTTPS suite and one real-IdP token fetch, or only the refusal of https://.
run_checks() {
  local label=$1 program=$2 single_header=$3 refusal=$4
  if [[ -n $single_header ]]; then
    if built "$label" "$single_header" && check "$label" "single header" "$single_header"; then
      ok=$((ok + 1)); else bad=$((bad + 1)); fi
  fi
  if ! built "$label" "$program"; then
    if $refusal; then bad=$((bad + 1)); else bad=$((bad + 2)); fi
  elif $refusal; then
    if check "$label" "https refused" "$program" -ts="HttplibTransport refusing https" --no-skip; then
      ok=$((ok + 1)); else bad=$((bad + 1)); fi
  else
    if check "$label" "transport TLS" "$program" -ts="HttplibTransport over HTTPS"; then
      ok=$((ok + 1)); else bad=$((bad + 1)); fi
    if check "$label" "real IdP token over HTTPS" "$program" -ts="interop with oidc-provider" -tc="$idp_case"; then
      ok=$((ok + 1)); else bad=$((bad + 1)); fi
  fi
}

# One release's checks, OpenSSL and its other backends; `suffix` is the
# release part of its programs' names, empty for the build's own cpp-httplib.
run_release() {
  local release=$1 suffix=$2
  local ok=0 bad=0 backend
  if [[ -z $suffix ]]; then
    run_checks "$release" "$build/tests/httplib_matrix_tests" \
      "$build/tests/package/oauth2cc_single_header_check" false
  else
    run_checks "$release" "$build/tests/httplib_matrix_tests_${suffix}_openssl" \
      "$build/tests/oauth2cc_single_header_check_$suffix" false
  fi
  for backend in ${backends[$release]:-}; do
    local refusal=false
    is_refused "$release" "$backend" && refusal=true
    run_checks "$release $backend" "$build/tests/httplib_matrix_tests_${release}_$backend" "" $refusal
  done
  passed=$((passed + ok))
  failed=$((failed + bad))
  summary+=("$(printf '%-8s %d passed, %d failed' "$release" "$ok" "$bad")")
}

mkdir -p -- "$out"
: >"$log"

system_version=$(pkg-config --modversion cpp-httplib 2>/dev/null || true)
if ! $test_system; then
  note "Debian's cpp-httplib ${system_version:-(not found)} left out (--pinned)"
elif [[ -z $system_version ]]; then
  note "no cpp-httplib found by pkg-config (Debian: apt-get install libcpp-httplib-dev)"
  failed=$((failed + 1))
  summary+=("system   not found")
  test_system=false
fi

# The pinned releases' httplib.h, each in headers/<release>/.
releases=()
if [[ ! -d $vendor_dir ]]; then
  if $test_system; then
    note "no vendor folder at $vendor_dir (set OAUTH2CC_VENDOR_DIR): testing Debian's cpp-httplib $system_version only, not ${pinned[*]}"
  else
    note "no vendor folder at $vendor_dir (set OAUTH2CC_VENDOR_DIR): --pinned has nothing to test"
    for release in "${pinned[@]}"; do failed=$((failed + $(checks_of "$release"))); done
  fi
elif ! sums=$(grep -E ' cpp-httplib-[0-9.]+\.tar\.gz$' "$vendor_dir/SHA256SUMS" 2>/dev/null) ||
     ! (cd -- "$vendor_dir" && sha256sum --quiet -c - <<<"$sums"); then
  note "the cpp-httplib tarballs in $vendor_dir do not match its SHA256SUMS (or it has none): not testing them"
  for release in "${pinned[@]}"; do failed=$((failed + $(checks_of "$release"))); done
  summary+=("pinned   checksums do not match: ${#pinned[@]} releases not tested, counted as failed")
else
  rm -rf -- "$out/headers" "$out/unpacked"
  for release in "${pinned[@]}"; do
    tarball=$vendor_dir/cpp-httplib-$release.tar.gz
    if ! grep -q " cpp-httplib-$release.tar.gz\$" <<<"$sums" || [[ ! -f $tarball ]]; then
      note "$release: $tarball is missing or has no checksum"
      failed=$((failed + $(checks_of "$release")))
      summary+=("$(printf '%-8s missing' "$release")")
      continue
    fi
    mkdir -p -- "$out/unpacked/$release" "$out/headers/$release"
    tar -xzf "$tarball" -C "$out/unpacked/$release" &&
      cp -- "$out/unpacked/$release/cpp-httplib-$release/httplib.h" "$out/headers/$release/" &&
      releases+=("$release")
  done
fi

# The build's own cpp-httplib is the newest pinned release, vendored; the
# others (and Debian's) are matrix entries.
own=
entries=()
targets=()
if $test_system; then entries+=(system:openssl); fi
for release in "${releases[@]}"; do
  if [[ $release == "$newest" ]]; then own=$release; else entries+=("$release:openssl"); fi
  for backend in ${backends[$release]:-}; do entries+=("$release:$backend"); done
done
for entry in "${entries[@]}"; do
  release=${entry%%:*}
  targets+=("httplib_matrix_tests_${release}_${entry#*:}")
  [[ $entry == *:openssl ]] && targets+=("oauth2cc_single_header_check_$release")
done
if [[ -n $own ]]; then targets+=(httplib_matrix_tests oauth2cc_single_header_check); fi

if ((${#targets[@]} > 0)); then
  began=$SECONDS
  configure=(cmake -S "$repo_root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=
             -DCMAKE_CXX_COMPILER="${CXX:-g++}"
             -DOAUTH2CC_BUILD_EXAMPLES=OFF -DOAUTH2CC_BUILD_TOOLS=OFF -DOAUTH2CC_INSTALL=OFF
             -DOAUTH2CC_HTTPLIB_INCLUDE_DIR="${own:+$out/headers/$own}"
             # Parts that do not involve httplib; gRPC's discovery alone
             # would cost 30 s of the configure.
             -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccGrpc=ON -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccCurl=ON
             -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccYaml=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
             -DOAUTH2CC_HTTPLIB_MATRIX_HEADERS="$out/headers"
             "-DOAUTH2CC_HTTPLIB_MATRIX=$(IFS=';'; echo "${entries[*]}")")
  # Keep going past a release that fails to compile: the others still run,
  # and its checks fail as not built.
  if check "all releases" "configure" "${configure[@]}"; then
    check "all releases" "build of ${#targets[@]} programs" \
      nice -n 10 cmake --build "$build" -j "$jobs" --target "${targets[@]}" -- -k 0
  fi
  summary+=("$(printf '%-8s configure and build (%ds)' "all" $((SECONDS - began)))")
  if $test_system; then run_release "$system_version" system; fi
  for release in "${releases[@]}"; do
    if [[ $release == "$own" ]]; then run_release "$release" ""; else run_release "$release" "$release"; fi
  done
fi

elapsed=$(($(date +%s) - start))
note "per release (single header, transport TLS, real IdP with OpenSSL;"
note "transport TLS, real IdP, or https refused, with each other backend):"
for line in "${summary[@]}"; do printf '  %s\n' "$line"; done
note "wall time ${elapsed}s"
echo "httplib matrix: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
