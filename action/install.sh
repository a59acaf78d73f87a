#!/usr/bin/env bash
# Puts the portfolio-audit binary for the Action's own version on disk and
# writes its path to $GITHUB_OUTPUT as `bin=…`.
#
# When the Action is used at a release tag (`uses: …/portfolio-audit@v0.2.0`)
# it downloads that release's binary for this runner, checks it against the
# release's SHA-256 and installs it: no Rust toolchain, seconds not minutes.
# At any other ref (a branch, a commit, a fork) or where no release matches,
# it builds the Action's own source with cargo. A checksum that does not
# match is an error, never a reason to fall back.
#
# Environment: ACTION_REF (github.action_ref), RUNNER_OS, RUNNER_ARCH,
# GITHUB_ACTION_PATH, DEST (folder to install into), GITHUB_OUTPUT, and
# PORTFOLIO_AUDIT_RELEASES (where releases are downloaded from; the tests
# point it at a server on 127.0.0.1).
#
# `install.sh --plan` only says which way it would go: `source=true|false`.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:?}"
releases="${PORTFOLIO_AUDIT_RELEASES:-https://github.com/portfolio-audit/portfolio-audit/releases/download}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1)"
tag="v$version"

target=""
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target="x86_64-unknown-linux-musl" ;;
  Linux/ARM64) target="aarch64-unknown-linux-musl" ;;
  macOS/X64) target="x86_64-apple-darwin" ;;
  macOS/ARM64) target="aarch64-apple-darwin" ;;
  Windows/X64) target="x86_64-pc-windows-msvc" ;;
esac

released=false
if [ "${ACTION_REF:-}" = "$tag" ] && [ -n "$target" ]; then
  released=true
fi

if [ "${1:-}" = "--plan" ]; then
  if $released; then echo "source=false"; else echo "source=true"; fi >> "${GITHUB_OUTPUT:?}"
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
  # A missing release (404) or an unreachable host falls back to the source.
  if ! curl --fail --silent --show-error --location --retry 3 \
      --output "$download/$archive" "$releases/$tag/$archive" \
    || ! curl --fail --silent --show-error --location --retry 3 \
      --output "$download/$archive.sha256" "$releases/$tag/$archive.sha256"; then
    echo "::notice title=portfolio-audit::no $tag release for $target; building from source"
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
  echo "building portfolio-audit from the Action's source (ref ${ACTION_REF:-unknown})"
  cargo build --release --locked --manifest-path "$action_path/Cargo.toml"
  local built="${CARGO_TARGET_DIR:-$action_path/target}/release/portfolio-audit"
  [ -f "$built.exe" ] && built="$built.exe"
  cp "$built" "$dest/"
  bin="$dest/$(basename "$built")"
}

bin=""
if ! { $released && install_release; }; then
  build_from_source
fi
"$bin" --version
echo "bin=$bin" >> "${GITHUB_OUTPUT:?}"
