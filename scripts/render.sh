#!/usr/bin/env bash
# Renders every model in models/ into output/ (SVG, PNG, PDF, legend, BPMN, HTML).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -- render models -o output "$@"
