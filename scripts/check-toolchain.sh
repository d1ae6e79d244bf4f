#!/usr/bin/env bash
# The stated MSRV is the toolchain CI builds with: rust-toolchain.toml's channel and the
# workspace's `rust-version` must agree, and the compiler running must be that version
# (cargo itself refuses a compiler older than `rust-version`).
set -euo pipefail
cd "$(dirname "$0")/.."
channel=$(sed -n 's/^channel *= *"\([0-9.]*\)".*/\1/p' rust-toolchain.toml)
msrv=$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' Cargo.toml)
running=$(rustc --version | awk '{print $2}')
echo "rust-toolchain.toml $channel, rust-version $msrv, rustc $running"
case "$channel" in "$msrv"|"$msrv".*) ;; *) echo "rust-toolchain.toml ($channel) and rust-version ($msrv) disagree" >&2; exit 1 ;; esac
[ "$running" = "$channel" ] || { echo "rustc $running is not the pinned $channel" >&2; exit 1; }
