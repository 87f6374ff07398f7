#!/usr/bin/env bash
# Runs a client (an exporter example, or oauth2cc-demo --config) against the
# token endpoint and receiver of `oauth2cc-demo --serve-only`, then checks
# the client's exit status and the counts the demo's servers report.
#
#   run_against_demo_servers.sh <oauth2cc-demo> <revoke-at> <expected counts> <command> [args...]
#
# <revoke-at>: the receiver revokes the token of this request (0: never).
# <expected counts>: e.g. "requests=2 accepted=1 rejected=1 tokens_issued=2".
# The client finds the servers in OAUTH2CC_TOKEN_URL, OAUTH2CC_TRACES_URL,
# OAUTH2CC_CLIENT_ID and OAUTH2CC_CLIENT_SECRET; in its arguments,
# @TRACES_URL@ is replaced by the receiver's URL.
set -euo pipefail
demo=$1
revoke_at=$2
expected=$3
shift 3

# A secret with characters that must be form-encoded in HTTP Basic.
export OAUTH2CC_DEMO_CLIENT_SECRET="client-$RANDOM$RANDOM%&+= :/"
export OAUTH2CC_CLIENT_SECRET=$OAUTH2CC_DEMO_CLIENT_SECRET

# The demo serves until its stdin closes, then prints its counts. Named pipes
# rather than a coproc: bash unsets a coproc's variables as soon as it exits,
# which can be before its last line is read.
pipes=$(mktemp -d)
mkfifo "$pipes/to_demo" "$pipes/from_demo"
"$demo" --serve-only --revoke-at "$revoke_at" <"$pipes/to_demo" >"$pipes/from_demo" &
demo_pid=$!
trap 'kill "$demo_pid" 2>/dev/null || true; rm -rf "$pipes"' EXIT
exec {to_demo}>"$pipes/to_demo" {from_demo}<"$pipes/from_demo"
IFS= read -r -t 30 ready <&"$from_demo" || { echo "run_against_demo_servers: oauth2cc-demo did not start" >&2; exit 1; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
OAUTH2CC_TOKEN_URL=$(field "$ready" token_url)
OAUTH2CC_TRACES_URL=$(field "$ready" traces_url)
OAUTH2CC_CLIENT_ID=$(field "$ready" client_id)
export OAUTH2CC_TOKEN_URL OAUTH2CC_TRACES_URL OAUTH2CC_CLIENT_ID

command=()
for arg in "$@"; do command+=("${arg//@TRACES_URL@/$OAUTH2CC_TRACES_URL}"); done
client_status=0
"${command[@]}" || client_status=$?

exec {to_demo}>&-
IFS= read -r -t 30 counts <&"$from_demo" || { echo "run_against_demo_servers: no counts from oauth2cc-demo" >&2; exit 1; }
wait "$demo_pid"
echo "oauth2cc-demo's servers counted: $counts"

mismatches=$(python3 -c '
import json, sys
counts = json.loads(sys.argv[1])
for pair in sys.argv[2].split():
    name, value = pair.split("=")
    if counts.get(name) != int(value):
        print(f"{name} {counts.get(name)}, expected {value}")
' "$counts" "$expected")
if [ "$client_status" -ne 0 ] || [ -n "$mismatches" ]; then
  echo "run_against_demo_servers: $(basename "$1") exited $client_status (expected 0)${mismatches:+; }${mismatches//$'\n'/; }" >&2
  exit 1
fi
