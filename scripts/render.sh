#!/usr/bin/env bash
# Renders every model in models/ into output/ (SVG, PNG, PDF, legend, BPMN,
# HTML), and the website of them all into output/site/ (regflow site).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -- render models -o output "$@"
cargo run --release --quiet -- site models -o output/site --quiet
