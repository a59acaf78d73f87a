#!/usr/bin/env bash
# Prints one SHA-256 over the files a portfolio-audit binary is built from
# (Cargo.toml, Cargo.lock, build.rs, src/, rules/), each named with its own
# hash, in byte order. The release workflow publishes it as `source.sha256`
# beside the binaries; the Action's installer computes it over its own
# checkout, so a binary is used only when it was built from exactly the
# source the workflow pinned (a tag, a moving tag or a commit SHA alike).
#
# Usage: source-digest.sh [ROOT]   (default: the folder above this script)
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$root"

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -d ' ' -f 1
  else
    shasum -a 256 | cut -d ' ' -f 1
  fi
}

{
  for file in Cargo.toml Cargo.lock build.rs; do
    printf '%s %s\n' "$(sha256_of < "$file")" "$file"
  done
  find src rules -type f -print | LC_ALL=C sort | while IFS= read -r file; do
    printf '%s %s\n' "$(sha256_of < "$file")" "$file"
  done
} | sha256_of
