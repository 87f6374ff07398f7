#!/usr/bin/env bash
# CTest splits names at ';', so a doctest case whose name has one is
# registered under a wrong name and silently runs nothing. Refuse them.
set -u
cd "$(dirname "$0")/.."
hits=$(grep -rnE '(TEST_CASE(_TEMPLATE(_DEFINE)?)?|FAULT_CASE)\("[^"]*;' tests examples tools --include='*.cpp' --include='*.hpp')
if [ -n "$hits" ]; then
  printf 'test names must not contain ";" (CTest splits names there):\n%s\n' "$hits"
  exit 1
fi
echo "test names: ok"
