#!/usr/bin/env bash
# Sets up a fresh machine for kaizen: the Debian packages it runs repository code with (when
# missing), then kaizen's own npm dependencies and build.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -m pytest --version >/dev/null 2>&1 || missing+=(python3-pytest)
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
# Go is only for the go test adapter's real-run test; without it that test is skipped.
command -v go >/dev/null 2>&1 || missing+=(golang-go)
# Chromium renders `kaizen report` headless in the report's browser test (src/report/report.test.ts).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

npm ci --no-audit --no-fund
