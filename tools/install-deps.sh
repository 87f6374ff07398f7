#!/usr/bin/env bash
# Installs everything oauth2cc's build, tests and demo need on Debian 12:
# compilers and build tools, the libraries, and the test IdP's npm packages.
# Safe to run again: only what is missing is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ clang libclang-rt-14-dev cmake ninja-build meson pkg-config python3 openssl
  libcpp-httplib-dev nlohmann-json3-dev doctest-dev libssl-dev libcurl4-openssl-dev libgrpc++-dev libyaml-cpp-dev libbenchmark-dev
  gnuplot-nox  # tools/simulate/plot.gp draws the fleet simulation
  libmbedtls-dev libwolfssl-dev  # cpp-httplib's other TLS backends, in tools/httplib_matrix.sh
)
# The real-IdP harness runs on Node.js; use the machine's if it has one.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The pinned oidc-provider, exactly as tests/idp/package-lock.json says.
if [ ! -f tests/idp/node_modules/.package-lock.json ] ||
   ! cmp -s tests/idp/package-lock.json tests/idp/.installed-lock.json 2>/dev/null; then
  echo "install-deps: npm ci in tests/idp"
  (cd tests/idp && npm ci --no-audit --no-fund --loglevel=error >/dev/null && cp package-lock.json .installed-lock.json)
fi
echo "install-deps: done"
