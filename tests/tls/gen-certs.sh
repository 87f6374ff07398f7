#!/usr/bin/env bash
# Generate the TLS fixtures for the oauth2cc tests into OUTDIR.
#
#   tests/tls/gen-certs.sh OUTDIR
#
# Needs only bash, coreutils, flock and the openssl CLI (3.0 is enough).
# Idempotent: if OUTDIR already holds a complete, still-valid set it is left
# alone, so concurrent test runs sharing OUTDIR see one consistent CA.
#
# Output (EC P-256 keys, PKCS#8 PEM; certs PEM):
#   ca.pem ca.key                  test root CA
#   server.pem server.key          by ca, SAN IP:127.0.0.1 DNS:localhost, 10y
#   wrong-host.pem wrong-host.key  by ca, SAN DNS:wrong.example only
#   expired.pem expired.key        by ca, SAN 127.0.0.1/localhost, expired
#   self-signed.pem self-signed.key  self-signed, SAN 127.0.0.1/localhost
#   other-ca.pem other-ca.key      a second, untrusted root CA
#   untrusted.pem untrusted.key    by other-ca, SAN 127.0.0.1/localhost
#   client.pem client.key          by ca, CN oauth2cc-client, EKU clientAuth
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=$1
mkdir -p -- "$out"
out=$(cd -- "$out" && pwd)

names=(ca server wrong-host expired self-signed other-ca untrusted client)

complete() {
  local n
  [[ -f $out/.complete ]] || return 1
  for n in "${names[@]}"; do
    [[ -s $out/$n.pem && -s $out/$n.key ]] || return 1
  done
  # Regenerate well before the "valid" certs run out.
  openssl x509 -in "$out/server.pem" -noout -checkend $((30 * 86400)) >/dev/null
}

# Serialise concurrent invocations on the same OUTDIR.
exec 9>"$out/.lock"
flock 9

if complete; then
  exit 0
fi

work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

# openssl ca wants dates as YYYYMMDDHHMMSSZ; GNU date does the arithmetic.
ts() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
# CA starts far in the past so the backdated "expired" leaf lies inside it.
ca_start=$(ts '-400 days')
ca_end=$(ts '+20 years')
leaf_start=$(ts '-1 day')   # tolerate small clock skew
leaf_end=$(ts '+10 years')
expired_start=$(ts '-30 days')
expired_end=$(ts '-1 day')

cat >"$work/openssl.cnf" <<'EOF'
# Used only by gen-certs.sh. "openssl ca" (not "x509 -req") because OpenSSL
# 3.0's x509 cannot set arbitrary notBefore/notAfter, which "expired" needs.
[ ca ]
default_ca = ca_default

[ ca_default ]
dir              = $ENV::CA_DIR
database         = $dir/index.txt
serial           = $dir/serial
new_certs_dir    = $dir/new
default_md       = sha256
policy           = policy_any
unique_subject   = no
email_in_dn      = no
copy_extensions  = none
preserve         = yes

[ policy_any ]
commonName             = supplied
organizationName       = optional
organizationalUnitName = optional

[ req ]
distinguished_name = req_dn
prompt             = no
[ req_dn ]
CN = unused

[ ca_ext ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ server_ext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = IP:127.0.0.1, DNS:localhost

[ wrong_host_ext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = DNS:wrong.example

# No keyUsage on purpose: with KU lacking keyCertSign OpenSSL would not treat
# the cert as self-signed and report "unable to get local issuer" instead of
# "self-signed certificate".
[ self_signed_ext ]
basicConstraints       = critical, CA:FALSE
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
subjectAltName         = IP:127.0.0.1, DNS:localhost

[ client_ext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
EOF
export OPENSSL_CONF=$work/openssl.cnf
# The config refers to $ENV::CA_DIR, which must be set even for "req".
export CA_DIR=$work

newkey() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1.key" 2>/dev/null
}

csr() { # name CN
  openssl req -new -config "$work/openssl.cnf" -key "$work/$1.key" -subj "/CN=$2" \
    -out "$work/$1.csr"
}

# Each CA gets its own "openssl ca" database directory.
cadir() {
  local d=$work/db-$1
  mkdir -p "$d/new"
  : >"$d/index.txt"
  [[ -f $d/serial ]] || openssl rand -hex 16 >"$d/serial"
  echo "$d"
}

sign() { # name issuer-name extensions start end [selfsign]
  local name=$1 issuer=$2 ext=$3 start=$4 end=$5
  local extra=(-cert "$work/$issuer.pem")
  [[ ${6:-} == selfsign ]] && extra=(-selfsign)
  CA_DIR=$(cadir "$issuer") openssl ca -batch -notext -config "$work/openssl.cnf" \
    -keyfile "$work/$issuer.key" "${extra[@]}" \
    -in "$work/$name.csr" -out "$work/$name.pem" \
    -extensions "$ext" -startdate "$start" -enddate "$end" 2>"$work/ca.log" \
    || { cat "$work/ca.log" >&2; exit 1; }
}

root_ca() { # name CN
  newkey "$1"
  csr "$1" "$2"
  sign "$1" "$1" ca_ext "$ca_start" "$ca_end" selfsign
}

leaf() { # name CN issuer ext start end
  newkey "$1"
  csr "$1" "$2"
  sign "$1" "$3" "$4" "$5" "$6"
}

root_ca ca       'oauth2cc Test Root CA'
root_ca other-ca 'oauth2cc Other (Untrusted) CA'
leaf server      localhost       ca       server_ext     "$leaf_start"    "$leaf_end"
leaf wrong-host  wrong.example   ca       wrong_host_ext "$leaf_start"    "$leaf_end"
leaf expired     localhost       ca       server_ext     "$expired_start" "$expired_end"
leaf untrusted   localhost       other-ca server_ext     "$leaf_start"    "$leaf_end"
leaf client      oauth2cc-client ca       client_ext     "$leaf_start"    "$leaf_end"
newkey self-signed
csr self-signed localhost
sign self-signed self-signed self_signed_ext "$leaf_start" "$leaf_end" selfsign

# --- self-check: each fixture must fail/succeed for the intended reason ----
expect_ok() { # description openssl-verify-args...
  local d=$1; shift
  openssl verify "$@" >/dev/null 2>&1 || { echo "gen-certs: check failed: $d" >&2; exit 1; }
}
expect_err() { # description expected-error-substring openssl-verify-args...
  local d=$1 want=$2 got; shift 2
  if got=$(openssl verify "$@" 2>&1); then
    echo "gen-certs: check unexpectedly passed: $d" >&2; exit 1
  fi
  [[ $got == *"$want"* ]] || { echo "gen-certs: check $d: wanted '$want', got: $got" >&2; exit 1; }
}
w=$work
expect_ok  'ca self-verifies'        -CAfile "$w/ca.pem" "$w/ca.pem"
expect_ok  'server by ca'            -CAfile "$w/ca.pem" -purpose sslserver -verify_ip 127.0.0.1 "$w/server.pem"
expect_ok  'server localhost'        -CAfile "$w/ca.pem" -verify_hostname localhost "$w/server.pem"
expect_ok  'wrong-host by ca'        -CAfile "$w/ca.pem" -purpose sslserver "$w/wrong-host.pem"
expect_err 'wrong-host name'         'mismatch' -CAfile "$w/ca.pem" -verify_ip 127.0.0.1 "$w/wrong-host.pem"
expect_err 'expired is expired'      'certificate has expired' -CAfile "$w/ca.pem" "$w/expired.pem"
expect_ok  'expired chain valid then' -CAfile "$w/ca.pem" -attime "$(date -u -d '-10 days' +%s)" "$w/expired.pem"
expect_ok  'self-signed as own anchor' -CAfile "$w/self-signed.pem" -verify_ip 127.0.0.1 "$w/self-signed.pem"
expect_err 'self-signed untrusted'   'self-signed certificate' -CAfile "$w/ca.pem" "$w/self-signed.pem"
expect_ok  'other-ca self-verifies'  -CAfile "$w/other-ca.pem" "$w/other-ca.pem"
expect_ok  'untrusted by other-ca'   -CAfile "$w/other-ca.pem" -verify_ip 127.0.0.1 "$w/untrusted.pem"
expect_err 'untrusted vs ca'         'unable to get local issuer certificate' -CAfile "$w/ca.pem" "$w/untrusted.pem"
expect_ok  'client by ca'            -CAfile "$w/ca.pem" -purpose sslclient "$w/client.pem"
expect_err 'client not a server'     'unsuitable certificate purpose' -CAfile "$w/ca.pem" -purpose sslserver "$w/client.pem"

# Publish: keys first, certs, then the stamp, each by rename (atomic).
rm -f -- "$out/.complete"
for n in "${names[@]}"; do
  chmod 600 "$w/$n.key"
  chmod 644 "$w/$n.pem"
  mv -f -- "$w/$n.key" "$out/$n.key"
  mv -f -- "$w/$n.pem" "$out/$n.pem"
done
: >"$out/.complete"
echo "gen-certs: wrote ${#names[@]} key/cert pairs to $out"
