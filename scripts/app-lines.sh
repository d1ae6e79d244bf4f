#!/usr/bin/env bash
# Non-blank Kotlin and Swift lines in the app trees (android/, ios/) at a commit, by kind, for
# issue 17's "outside UI, camera and keystore fall by at least half". Generated bindings and
# build output are left out. Kinds: test; ui (Compose screens, SwiftUI views); platform (camera,
# frame pipeline and its threading, keystore, secret storage, attestation adapters); logic
# (everything else: sessions, models, app wiring).
# Usage: scripts/app-lines.sh [COMMIT]   (default HEAD)   e.g. compare c670000 with HEAD
set -euo pipefail
cd "$(dirname "$0")/.."
c="${1:-HEAD}"
git ls-tree -r --name-only "$c" -- android ios | grep -E '\.(kt|swift)$' \
  | grep -v '/build/' | grep -v 'VNeIDCore/Sources' | while read -r f; do
  n=$(git show "$c:$f" | grep -cv '^[[:space:]]*$' || true)
  kind=logic
  case "$f" in
    */src/test/*|*/src/androidTest/*|*Tests/*) kind=test ;;
    */ui/*|*/Screens/*|*View.swift|*Preview.swift) kind=ui ;;
    *Camera*|*Frame*|*ScanController*|*Keystore*|*Keychain*|*SecureEnclave*|*KeyAttestation*|*AppAttest*|*Secrets*|*SecretStorage*) kind=platform ;;
  esac
  printf '%s\t%s\t%s\n' "$kind" "${f%%/*}" "$n"
done | awk -F'\t' '{s[$2" "$1]+=$3} END {for (k in s) print k, s[k]}' | sort
