#!/usr/bin/env bash
# Puts the portfolio-audit binary for the Action's own source on disk and
# writes its path to $GITHUB_OUTPUT as `bin=…`.
#
# Whatever the workflow pinned (a release tag, a moving tag like `@v0`, a
# commit SHA), the installer asks the Action's own repository's release
# `v<version in Cargo.toml>` which source it was built from (`source.sha256`,
# see source-digest.sh). When that is exactly this checkout, it downloads
# the binary for this runner, checks it against its SHA-256 and installs it:
# no Rust toolchain, seconds not minutes. Otherwise (a branch with changes,
# a fork that has not published its own release, no release at all) it
# builds this checkout with cargo and says why. A binary whose checksum
# does not match is an error, never a reason to fall back.
#
# Environment: ACTION_REF (github.action_ref), ACTION_REPOSITORY
# (github.action_repository), RUNNER_OS, RUNNER_ARCH, GITHUB_ACTION_PATH,
# DEST (folder to install into), GITHUB_OUTPUT, and PORTFOLIO_AUDIT_RELEASES
# (where releases are downloaded from; the tests point it at a server on
# 127.0.0.1).
#
# `install.sh --plan` only says which way it would go: `source=true|false`.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:?}"
repository="${ACTION_REPOSITORY:-portfolio-audit/portfolio-audit}"
releases="${PORTFOLIO_AUDIT_RELEASES:-https://github.com/$repository/releases/download}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1)"
tag="v$version"

target=""
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target="x86_64-unknown-linux-musl" ;;
  Linux/ARM64) target="aarch64-unknown-linux-musl" ;;
  macOS/X64) target="x86_64-apple-darwin" ;;
  macOS/ARM64) target="aarch64-apple-darwin" ;;
  Windows/X64) target="x86_64-pc-windows-msvc" ;;
  Windows/ARM64) target="aarch64-pc-windows-msvc" ;;
esac

fetch() {
  curl --fail --silent --show-error --location --retry 3 --max-time 120 --output "$2" "$1"
}

# Why the release binary cannot serve, or nothing when it can.
reason=""
if [ -z "$target" ]; then
  reason="no release binary is built for ${RUNNER_OS:-this OS}/${RUNNER_ARCH:-this architecture}"
else
  digest_file="$(mktemp)"
  if ! fetch "$releases/$tag/source.sha256" "$digest_file" 2>/dev/null; then
    reason="$repository has no $tag release"
  elif [ "$(cut -d ' ' -f 1 < "$digest_file")" != "$(bash "$action_path/action/source-digest.sh" "$action_path")" ]; then
    reason="$repository's $tag release was built from other source than ref ${ACTION_REF:-unknown}"
  fi
  rm -f "$digest_file"
fi

if [ "${1:-}" = "--plan" ]; then
  if [ -z "$reason" ]; then echo "source=false"; else echo "source=true"; fi >> "${GITHUB_OUTPUT:?}"
  exit 0
fi

dest="${DEST:?}"
mkdir -p "$dest"

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

install_release() {
  local archive download
  if [ "$RUNNER_OS" = "Windows" ]; then
    archive="portfolio-audit-$target.zip"
  else
    archive="portfolio-audit-$target.tar.gz"
  fi
  download="$(mktemp -d)"
  # A missing asset (404) or an unreachable host falls back to the source.
  if ! fetch "$releases/$tag/$archive" "$download/$archive" \
    || ! fetch "$releases/$tag/$archive.sha256" "$download/$archive.sha256"; then
    reason="no $tag release binary for $target could be downloaded"
    return 1
  fi
  local expected actual
  expected="$(cut -d ' ' -f 1 < "$download/$archive.sha256")"
  actual="$(sha256_of "$download/$archive")"
  if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    echo "::error title=portfolio-audit::$archive does not match its SHA-256 (expected ${expected:-nothing}, got $actual); not installing it"
    exit 1
  fi
  if [ "$RUNNER_OS" = "Windows" ]; then
    unzip -o -q "$download/$archive" -d "$dest" || { echo "::error::cannot unpack $archive"; exit 1; }
    bin="$dest/portfolio-audit.exe"
  else
    tar -xzf "$download/$archive" -C "$dest" portfolio-audit \
      || { echo "::error::cannot unpack $archive"; exit 1; }
    bin="$dest/portfolio-audit"
    chmod +x "$bin"
  fi
  rm -rf "$download"
}

build_from_source() {
  echo "::notice title=portfolio-audit::$reason; building from source (several minutes)"
  cargo build --release --locked --manifest-path "$action_path/Cargo.toml"
  local built="${CARGO_TARGET_DIR:-$action_path/target}/release/portfolio-audit"
  [ -f "$built.exe" ] && built="$built.exe"
  cp "$built" "$dest/"
  bin="$dest/$(basename "$built")"
}

bin=""
if ! { [ -z "$reason" ] && install_release; }; then
  build_from_source
fi
"$bin" --version
echo "bin=$bin" >> "${GITHUB_OUTPUT:?}"
