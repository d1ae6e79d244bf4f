#!/usr/bin/env bash
# What can be checked of the iOS code on a machine without a Swift toolchain (run by the
# project's test command): generate the Swift bindings, then parse every Swift file with
# tree-sitter-swift and check string keys and generated-API names (check-swift-syntax.py).
# It is not a compiler; Xcode is (ios/README.md).
set -euo pipefail
ios="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$ios/.." && pwd)"
venv="$root/.tools/venv-swiftcheck"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q tree-sitter==0.26.1 tree-sitter-swift==0.7.4
fi
"$ios/scripts/generate-swift-bindings.sh"
"$venv/bin/python" "$ios/scripts/check-swift-syntax.py"
