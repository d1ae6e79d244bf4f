# Sourced by the iOS build scripts: puts the directory of the cargo to use first on PATH, as
# Android's Gradle tasks find it. An Xcode build (the scheme's pre-build action) runs with the
# login PATH, not the shell's, so ~/.cargo/bin (added by a shell profile) is not on it. Looked up
# in order: $CARGO (the executable), $CARGO_HOME/bin, ~/.cargo/bin, then the PATH. rustup sits
# beside cargo, and uniffi-bindgen's `cargo metadata` finds cargo through the same PATH.
vneid_cargo=""
for c in "${CARGO:-}" "${CARGO_HOME:+$CARGO_HOME/bin/cargo}" "$HOME/.cargo/bin/cargo"; do
  if [ -n "$c" ] && [ -x "$c" ]; then vneid_cargo="$c"; break; fi
done
if [ -z "$vneid_cargo" ]; then
  vneid_cargo="$(command -v cargo || true)"
fi
if [ -z "$vneid_cargo" ]; then
  echo "cargo not found (tried \$CARGO, \$CARGO_HOME/bin, ~/.cargo/bin, PATH): install Rust with rustup" >&2
  exit 1
fi
export PATH="$(dirname "$vneid_cargo"):$PATH"
export CARGO="$vneid_cargo"
