#!/usr/bin/env bash
# Runs every test. Installs what the interoperability tests need first
# (Debian packages and Node packages), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo test --release
