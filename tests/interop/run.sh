#!/usr/bin/env bash
# Interop with an independent COSE implementation: pycose verifies our certificates and
# tokens, and our verifier accepts a token pycose signed with a key our trust list certifies.
# Installs what it needs: a virtualenv at .tools/venv-interop with the pinned packages of
# tests/interop/requirements.txt (remade when that file changes), and the Rust helper.
#   tests/interop/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.tools/venv-interop"
stamp="$venv/.installed-requirements.txt"

if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
  echo "==> interop: making $venv"
  python3 -m venv --clear "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --only-binary=:all: -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

cd "$root"
echo "==> interop: building the Rust helper"
cargo build --quiet -p vneid-fixtures --bin interop-helper
target_dir="$(cargo metadata --format-version 1 --no-deps |
  "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
export VNEID_INTEROP_HELPER="$target_dir/debug/interop-helper"

echo "==> interop: pycose $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pycose"))')"
exec "$venv/bin/python" "$here/test_pycose.py"
