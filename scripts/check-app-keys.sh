#!/usr/bin/env bash
# The apps carry no authority key (issue 16): no private-key file, PEM block or PKCS#8 blob
# anywhere in android/ or ios/ (sources, assets, build scripts, resources), and the in-process
# authority (`LocalAuthority`, feature `testing`) only in test and debug-only sources. The
# release library's side is bindings/scripts/check-release-symbols.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
files=$(git ls-files --cached --others --exclude-standard -- android ios)

# Key files by name.
keyfiles=$(printf '%s\n' "$files" | grep -E '\.(pk8|p8|p12|pfx|key|pem)$' || true)
if [ -n "$keyfiles" ]; then
  echo "key files in the apps:"; printf '  %s\n' $keyfiles; fail=1
fi

# PEM private keys and P-256 PKCS#8 (DER as hex or base64: the fixed prefix of an EC P-256
# PrivateKeyInfo) in any text file.
pattern='PRIVATE KEY-----|308187020100301306072a8648ce3d020106082a8648ce3d030107|MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEH'
hits=$(printf '%s\n' "$files" | while read -r f; do
  [ -f "$f" ] && grep -IlE -i "$pattern" "$f" 2>/dev/null || true
done)
if [ -n "$hits" ]; then
  echo "private key material in the apps:"; printf '  %s\n' $hits; fail=1
fi
# Binary files: a DER PKCS#8 EC key.
for f in $files; do
  [ -f "$f" ] || continue
  if ! grep -Iq . "$f" 2>/dev/null && [ -s "$f" ]; then
    if xxd -p "$f" 2>/dev/null | tr -d '\n' | grep -q '020100301306072a8648ce3d020106082a8648ce3d030107'; then
      echo "binary PKCS#8 key: $f"; fail=1
    fi
  fi
done

# Build steps that make an authority (its private keys) and bundle it into the app.
made=$(printf '%s\n' "$files" | grep -E '\.(kts|gradle|yml|sh|pbxproj)$' \
  | xargs -r grep -lE '"authority", *"init"|authority init|demo-authority' 2>/dev/null || true)
if [ -n "$made" ]; then
  echo "a build step bundles an authority into the app:"; printf '  %s\n' $made; fail=1
fi

# The in-process authority: tests and debug-only code may use it, the shipped app may not.
local=$(printf '%s\n' "$files" | grep -E '\.(kt|swift|kts|yml|gradle)$' \
  | grep -vE '/(test|androidTest|debug|testFixtures)/|Tests?/|UITests/|/Tests/' \
  | xargs -r grep -l 'LocalAuthority' 2>/dev/null || true)
if [ -n "$local" ]; then
  echo "the in-process authority in shipped app code:"; printf '  %s\n' $local; fail=1
fi

if [ "$fail" -ne 0 ]; then exit 1; fi
echo "no authority key or in-process authority in the apps' shipped code ($(printf '%s\n' "$files" | wc -l) files checked)"
