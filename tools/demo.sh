#!/usr/bin/env bash
# The main job: builds oauth2cc-demo and runs it. An exporter sends OTLP trace
# batches through oauth2cc to a protected receiver, with a token endpoint
# issuing short-lived JWTs, all in one process on 127.0.0.1: tokens are
# refreshed as they age, and a token the receiver revokes is replaced after
# its 401. Arguments go to the demo (./tools/demo.sh --help).
# Run tools/install-deps.sh first (the README's command does).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/demo
mkdir -p "$build"
# Quiet unless something fails. -O1: the demo waits on sockets, not on the
# CPU, and -O1 compiles faster than Release's -O3.
{ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" -DOAUTH2CC_BUILD_TESTS=OFF -DOAUTH2CC_BUILD_TOOLS=ON \
        -DOAUTH2CC_BUILD_EXAMPLES=OFF -DOAUTH2CC_INSTALL=OFF \
        -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccGrpc=ON -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccCurl=ON &&
  cmake --build "$build" --target oauth2cc-demo; } >"$build/demo-build.log" 2>&1 ||
  { cat "$build/demo-build.log" >&2; echo "demo: building oauth2cc-demo failed (log above)" >&2; exit 1; }
exec "$build/tools/demo/oauth2cc-demo" "$@"
