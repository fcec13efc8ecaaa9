#!/usr/bin/env bash
# Installs, when missing, what building the page needs: the wasm32 target, Trunk 0.21.14,
# wasm-bindgen-cli at the exact version in Cargo.lock (which also brings
# wasm-bindgen-test-runner), and wasm-opt (npm binaryen@132) and terser 5 into .tools/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '0\.21\.14'; then
  say "installing Trunk 0.21.14 (a few minutes, once)"
  cargo install --locked trunk@0.21.14
fi

wbg=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [ -z "$wbg" ]; then
  echo "install-tools: cannot find wasm-bindgen's version in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  say "installing wasm-bindgen-cli $wbg (a few minutes, once)"
  # Not --locked: the registry here lacks one of its locked dependencies.
  cargo install --force wasm-bindgen-cli@"$wbg"
fi

if ! wasm-opt --version 2>/dev/null | grep -q 'version 132' || [ ! -d .tools/node_modules/terser ]; then
  say "installing wasm-opt (binaryen 132) and terser 5 into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-audit --no-fund binaryen@132.0.0 terser@5.51.4 >/dev/null
fi
