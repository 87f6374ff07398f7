#!/usr/bin/env bash
# The cpp-httplib matrix: HttplibTransport against every cpp-httplib release
# oauth2cc supports, with the OpenSSL backend.
#
#   tools/httplib_matrix.sh [--pinned]
#
# --pinned leaves Debian's release out: CI passes it because the README's test
# run, just before, has run the same three checks against it.
#
# Versions: Debian 12's packaged 0.11.4 (pkg-config cpp-httplib), plus the
# releases pinned in the vendor folder, $OAUTH2CC_VENDOR_DIR or else
# <parent of the repository>/shared/vendor (cpp-httplib-<version>.tar.gz,
# checked against its SHA256SUMS). Without that folder only 0.11.4 is tested,
# and the script says so.
#
# For each version, in build/httplib-matrix/<version>/ (the tarball is
# unpacked there, never into the source tree), a small CMake configure and
# three checks:
#   single header  tests/package/single_header/* built and run;
#   transport TLS  the "HttplibTransport over HTTPS" suite of
#                  tests/transport/httplib_transport.cpp (trusted and untrusted
#                  CA, wrong host name, server_name_override, client
#                  certificate, min_version, expired, insecure_skip_verify);
#   real IdP       one token fetch over HTTPS from oidc-provider
#                  (tests/interop/real_idp.cpp; needs node and tests/idp's
#                  node_modules).
# With cpp-httplib 0.31+ the same program is also built with httplib's other
# TLS backends on the client side (tests/CMakeLists.txt:
# httplib_matrix_tests_<backend>; the TLS servers stay OpenSSL, in a process
# of their own), and the transport TLS and real IdP checks run on it:
#   0.31.0  mbedTLS (Debian's libmbedtls-dev 2.28; 0.31.0 has no wolfSSL backend):
#           one check, "https refused": before 0.47.0 these backends skip the
#           chain check for IP-address hosts, so HttplibTransport refuses
#           https:// with them (the "HttplibTransport refusing https" suite)
#   0.53.1  mbedTLS and wolfSSL (Debian's libwolfssl-dev 5.5.4)
# Prints per-version counts and its wall time; the last line is
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
pinned=(0.20.0 0.30.0 0.31.0 0.53.1)
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
pinned_checks=0
for version in "${pinned[@]}"; do pinned_checks=$((pinned_checks + $(checks_of "$version"))); done
jobs=${OAUTH2CC_MATRIX_JOBS:-2}
idp_case="client_secret_basic and client_secret_post over HTTPS with tls.ca_file"

passed=0
failed=0
summary=()

note() { printf 'httplib matrix: %s\n' "$*"; }

# One check: its name, then the command; output goes to the version's log,
# and is shown when the check fails.
check() {
  local version=$1 name=$2 log=$3
  shift 3
  if "$@" >>"$log" 2>&1; then
    note "$version: $name: passed"
    return 0
  fi
  note "$version: $name: FAILED (log: $log)"
  tail -n 40 -- "$log" | sed 's/^/    /'
  return 1
}

# The transport's HTTPS suite and one real-IdP token fetch through `program`,
# counted in the caller's ok and bad.
run_https_checks() {
  local label=$1 log=$2 program=$3
  if check "$label" "transport TLS" "$log" "$program" -ts="HttplibTransport over HTTPS"; then
    ok=$((ok + 1)); else bad=$((bad + 1)); fi
  if check "$label" "real IdP token over HTTPS" "$log" "$program" -ts="interop with oidc-provider" -tc="$idp_case"; then
    ok=$((ok + 1)); else bad=$((bad + 1)); fi
}

# Configure, build and run the checks for one version. $2 is the folder with
# its httplib.h, or empty for the system's (pkg-config).
run_version() {
  local version=$1 include_dir=$2
  local dir=$out/$version
  local build=$dir/build
  local log=$dir/log.txt
  local ok=0 bad=0 began=$SECONDS
  local extra=(${backends[$version]:-})
  local backend
  mkdir -p -- "$dir"
  : >"$log"
  local configure=(cmake -S "$repo_root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=
                   -DCMAKE_CXX_COMPILER="${CXX:-g++}"
                   -DOAUTH2CC_BUILD_EXAMPLES=OFF -DOAUTH2CC_BUILD_TOOLS=OFF -DOAUTH2CC_INSTALL=OFF
                   -DOAUTH2CC_HTTPLIB_INCLUDE_DIR="$include_dir"
                   # Parts that do not involve httplib; gRPC's discovery alone
                   # would cost 30 s of each configure.
                   -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccGrpc=ON -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccCurl=ON
                   -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccYaml=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
                   "-DOAUTH2CC_HTTPLIB_MATRIX_BACKENDS=$(IFS=';'; echo "${extra[*]}")")
  local build_cmd=(nice -n 10 cmake --build "$build" -j "$jobs" --target
                   oauth2cc_single_header_check httplib_matrix_tests)
  if ! check "$version" "configure" "$log" "${configure[@]}" ||
     ! check "$version" "build" "$log" "${build_cmd[@]}"; then
    bad=3  # none of the three checks could run; run_backend counts its own
  else
    if check "$version" "single header" "$log" "$build/tests/package/oauth2cc_single_header_check"; then
      ok=$((ok + 1)); else bad=$((bad + 1)); fi
    run_https_checks "$version" "$log" "$build/tests/httplib_matrix_tests"
  fi
  passed=$((passed + ok))
  failed=$((failed + bad))
  summary+=("$(printf '%-8s %d passed, %d failed (%ds)' "$version" "$ok" "$bad" $((SECONDS - began)))")
  if ((${#extra[@]} > 1)); then
    local built_at=$SECONDS
    # Each backend's program is one unity translation unit, compiled on one
    # core: built together they take one core each. Whatever fails here is
    # reported by run_backend's own build check (a no-op for those built).
    nice -n 10 cmake --build "$build" -j "$jobs" --target "${extra[@]/#/httplib_matrix_tests_}" -- -k 0 \
      >>"$log" 2>&1 || true
    summary+=("$(printf '%-16s build of %s together (%ds)' "$version" "${extra[*]}" $((SECONDS - built_at)))")
  fi
  for backend in "${extra[@]}"; do run_backend "$version" "$backend" "$build" "$log"; done
}

# The transport TLS and real IdP checks with another TLS backend on the
# client side, built in the version's build folder (configured by
# run_version; the test main, certificates and TLS server are reused).
run_backend() {
  local version=$1 backend=$2 build=$3 log=$4
  local program=$build/tests/httplib_matrix_tests_$backend
  local label="$version $backend"
  local ok=0 bad=0 began=$SECONDS
  if ! check "$label" "build" "$log" nice -n 10 cmake --build "$build" -j "$jobs" --target "httplib_matrix_tests_$backend"; then
    if is_refused "$version" "$backend"; then bad=1; else bad=2; fi  # no check could run
  elif is_refused "$version" "$backend"; then
    if check "$label" "https refused" "$log" "$program" -ts="HttplibTransport refusing https" --no-skip; then
      ok=1; else bad=1; fi
  else
    run_https_checks "$label" "$log" "$program"
  fi
  passed=$((passed + ok))
  failed=$((failed + bad))
  summary+=("$(printf '%-16s %d passed, %d failed (%ds)' "$label" "$ok" "$bad" $((SECONDS - began)))")
}

mkdir -p -- "$out"

# Debian's package, which the normal build uses.
system_version=$(pkg-config --modversion cpp-httplib 2>/dev/null || true)
if ! $test_system; then
  note "Debian's cpp-httplib ${system_version:-(not found)} left out (--pinned)"
elif [[ -z $system_version ]]; then
  note "no cpp-httplib found by pkg-config (Debian: apt-get install libcpp-httplib-dev)"
  failed=$((failed + 1))
  summary+=("system   not found")
else
  run_version "$system_version" ""
fi

# The pinned releases.
if [[ ! -d $vendor_dir ]] && ! $test_system; then
  note "no vendor folder at $vendor_dir (set OAUTH2CC_VENDOR_DIR): --pinned has nothing to test"
  failed=$((failed + pinned_checks))
elif [[ ! -d $vendor_dir ]]; then
  note "no vendor folder at $vendor_dir (set OAUTH2CC_VENDOR_DIR): tested Debian's cpp-httplib $system_version only, not ${pinned[*]}"
elif ! sums=$(grep -E ' cpp-httplib-[0-9.]+\.tar\.gz$' "$vendor_dir/SHA256SUMS" 2>/dev/null) ||
     ! (cd -- "$vendor_dir" && sha256sum --quiet -c - <<<"$sums"); then
  note "the cpp-httplib tarballs in $vendor_dir do not match its SHA256SUMS (or it has none): not testing them"
  failed=$((failed + pinned_checks))
  summary+=("pinned   checksums do not match: ${#pinned[@]} versions not tested, counted as failed")
else
  for version in "${pinned[@]}"; do
    tarball=$vendor_dir/cpp-httplib-$version.tar.gz
    if ! grep -q " cpp-httplib-$version.tar.gz\$" <<<"$sums" || [[ ! -f $tarball ]]; then
      note "$version: $tarball is missing or has no checksum"
      failed=$((failed + $(checks_of "$version")))
      summary+=("$(printf '%-8s missing' "$version")")
      continue
    fi
    src=$out/$version/src
    rm -rf -- "$src" && mkdir -p -- "$src" && tar -xzf "$tarball" -C "$src"
    run_version "$version" "$src/cpp-httplib-$version"
  done
fi

elapsed=$(($(date +%s) - start))
note "per version with OpenSSL (single header, transport TLS, real IdP),"
note "and per version and backend (transport TLS, real IdP; or https refused):"
for line in "${summary[@]}"; do printf '  %s\n' "$line"; done
note "wall time ${elapsed}s"
echo "httplib matrix: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
