#!/usr/bin/env bash
# A DEVELOPMENT authority service for the apps' debug builds and UI tests: makes the authority
# folder once (`vneid-authority init --development`: the emulator's and simulator's attestation
# is accepted, and the certificates it issues say so), registers the development accounts, writes
# what the debug builds need, prints it, and serves the API over HTTPS.
#
#   scripts/dev-authority.sh [DIR]       DIR default: .tools/dev-authority (kept between runs: the
#                                        apps pin its root key and its server key)
#
# Environment:
#   VNEID_DEV_PORT       port to listen on, on every interface (default 8443)
#   VNEID_DEV_PASSWORD   the accounts' password (default vneid-dev-password; 8 to 128 characters)
#   VNEID_ANDROID_APP    PACKAGE:SHA256HEX of the Android app Key Attestation must name (default:
#                        vn.gov.vneid.app with the SHA-256 of ~/.android/debug.keystore's
#                        certificate, when keytool and that keystore exist). Without it only
#                        enrolments without evidence are accepted (UI tests: -e vneid.attestation none)
#   VNEID_APPLE_APP      TEAMID.BUNDLE.ID of the iOS app for App Attest on a device (optional; the
#                        simulator sends no evidence, which a development authority accepts)
#   NO_SERVE=1           make the folder, write and print the settings, do not serve
#
# Accounts (personal ID number, level, role), all with VNEID_DEV_PASSWORD:
#   001090012345  Nguyễn Văn An   level 2  citizen
#   001085012345  Trần Thị Bình   level 2  officer
#   001095067890  Lê Văn Cường    level 1  citizen   (the UI test that the level-1 switch is disabled)
#
# Writes (both git-ignored):
#   android/dev-authority.properties   read by debug builds (android/app/build.gradle.kts)
#   ios/Config/DevAuthority.xcconfig   included by the Debug configuration (ios/Config/Debug.xcconfig)
#
# Never use this authority, its keys or its folder for anything but development.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dir="${1:-$root/.tools/dev-authority}"
port="${VNEID_DEV_PORT:-8443}"
password="${VNEID_DEV_PASSWORD:-vneid-dev-password}"
authority=(cargo run -q -p vneid-authority --)

android_app="${VNEID_ANDROID_APP:-}"
if [ -z "$android_app" ] && command -v keytool >/dev/null && [ -f "$HOME/.android/debug.keystore" ]; then
  digest="$(keytool -list -v -keystore "$HOME/.android/debug.keystore" -alias androiddebugkey \
      -storepass android -keypass android 2>/dev/null | sed -n 's/^[[:space:]]*SHA256: //p' | tr -d ':' | tr 'A-F' 'a-f')"
  [ -n "$digest" ] && android_app="vn.gov.vneid.app:$digest"
fi

if [ ! -f "$dir/config.json" ]; then
  echo "making a development authority in $dir" >&2
  mkdir -p "$(dirname "$dir")"
  args=(init "$dir" --development --host 10.0.2.2 --host 127.0.0.1 --host localhost)
  [ -n "$android_app" ] && args+=(--android-app "$android_app")
  [ -n "${VNEID_APPLE_APP:-}" ] && args+=(--apple-app "$VNEID_APPLE_APP")
  "${authority[@]}" "${args[@]}" >&2
  add() { # id name dob sex level role
    printf '%s\n' "$password" | "${authority[@]}" account add --dir "$dir" \
      --id "$1" --name "$2" --dob "$3" --sex "$4" --level "$5" --role "$6" >&2
  }
  add 001090012345 "Nguyễn Văn An" 1990-01-02 nam 2 citizen
  add 001085012345 "Trần Thị Bình" 1985-05-05 nu 2 officer
  add 001095067890 "Lê Văn Cường" 1995-06-07 nam 1 citizen
else
  echo "using the development authority in $dir (delete it to start over; the apps must then be rebuilt)" >&2
fi

pin="$(tr -d '[:space:]' < "$dir/tls/spki-sha256.txt")"
# The root key is a COSE_Key (CBOR map: -2 x, -3 y); the apps take its SEC1 point, 04 || x || y.
root_key="$(python3 - "$dir/public/root-key.cbor" <<'EOF' 2>/dev/null || true
import sys

def item(b, i):
    """One CBOR data item at b[i]: (value, next index). Ints, byte and text strings, arrays, maps."""
    major, info = b[i] >> 5, b[i] & 31
    i += 1
    if info < 24:
        n = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        n = int.from_bytes(b[i:i + size], "big")
        i += size
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major in (2, 3):
        return b[i:i + n], i + n
    if major == 4:
        out = []
        for _ in range(n):
            v, i = item(b, i)
            out.append(v)
        return out, i
    if major == 5:
        out = {}
        for _ in range(n):
            k, i = item(b, i)
            out[k], i = item(b, i)
        return out, i
    raise ValueError("unexpected CBOR")

key, _ = item(open(sys.argv[1], "rb").read(), 0)
x, y = key[-2], key[-3]
assert key[1] == 2 and key[-1] == 1 and len(x) == 32 and len(y) == 32, "not a P-256 COSE_Key"
print("04" + x.hex() + y.hex())
EOF
)"
if [ -z "$root_key" ]; then
  echo "could not read $dir/public/root-key.cbor (python3 is needed): vneid.root.key / VNEID_ROOT_KEY" >&2
  echo "is the SEC1 point of that COSE_Key in hex: 04, then x (label -2) and y (label -3), 130 digits" >&2
  root_key="SET-ME"
fi

cat > "$root/android/dev-authority.properties" <<EOF
# Written by scripts/dev-authority.sh for debug builds: the development authority in $dir.
vneid.server.url=https://10.0.2.2:$port
vneid.server.spki=$pin
vneid.root.key=$root_key
EOF
mkdir -p "$root/ios/Config"
cat > "$root/ios/Config/DevAuthority.xcconfig" <<EOF
// Written by scripts/dev-authority.sh for Debug builds: the development authority in $dir.
// (In an .xcconfig "//" starts a comment: the URL's slashes are split by an empty \$().)
VNEID_SERVER_URL = https:/\$()/127.0.0.1:$port
VNEID_SERVER_SPKI = $pin
VNEID_ROOT_KEY = $root_key
EOF

cat <<EOF

Development authority: $dir (attestation policy DEVELOPMENT — never in production)
  Android emulator   https://10.0.2.2:$port
  iOS simulator      https://127.0.0.1:$port
  a phone on the LAN https://<this machine's address>:$port
  SPKI pin (SHA-256) $pin
  root public key    $root_key
  accounts           001090012345 (citizen, level 2), 001085012345 (officer, level 2),
                     001095067890 (citizen, level 1); password: $password
  Android app        ${android_app:-none named: only enrolments without evidence (-e vneid.attestation none)}

Written for the debug builds:
  android/dev-authority.properties   (or: -Pvneid.server.url=… -Pvneid.server.spki=… -Pvneid.root.key=…)
  ios/Config/DevAuthority.xcconfig   (VNEID_SERVER_URL, VNEID_SERVER_SPKI, VNEID_ROOT_KEY)
EOF

[ -n "${NO_SERVE:-}" ] && exit 0
echo "serving on 0.0.0.0:$port (Ctrl-C stops it)" >&2
exec "${authority[@]}" serve --dir "$dir" --listen "0.0.0.0:$port"
