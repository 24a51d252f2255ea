#!/usr/bin/env bash
# Installs, idempotently, everything the project needs on Debian 12: Debian packages, Dear ImGui's
# source package (apt-get source), and the npm packages pinned in package-lock.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

packages=(cmake ninja-build g++ emscripten node-acorn nodejs npm nlohmann-json3-dev doctest-dev
          chromium fonts-droid-fallback fonts-dejavu-core unicode-data dpkg-dev
          python3-scipy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# node/npm may come from another distribution channel; accept any working binaries.
filtered=()
for p in "${missing[@]}"; do
  case "$p" in nodejs|npm) command -v "${p/nodejs/node}" >/dev/null || filtered+=("$p") ;; *) filtered+=("$p") ;; esac
done
updated=0
if [ ${#filtered[@]} -gt 0 ]; then
  echo "[deps] installing Debian packages: ${filtered[*]}"
  $sudo apt-get update -qq && updated=1
  $sudo apt-get install -y -qq --no-install-recommends "${filtered[@]}"
fi

# Dear ImGui 1.86 from Debian's source package. deb-src entries are derived from the machine's own
# apt sources, so no package host is written in this repository.
imgui_dir="$root/.deps/imgui"
if [ ! -f "$imgui_dir/imgui.cpp" ]; then
  if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "[deps] enabling deb-src for the machine's Debian suites"
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      sed 's/^Types:.*/Types: deb-src/' "$f" | $sudo tee "/etc/apt/sources.list.d/crm-src-$(basename "$f")" >/dev/null
    done
    if [ -f /etc/apt/sources.list ]; then
      grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $sudo tee /etc/apt/sources.list.d/crm-src.list >/dev/null || true
    fi
    updated=0
  fi
  [ "$updated" -eq 1 ] || $sudo apt-get update -qq
  work="$root/.deps/src"; rm -rf "$work"; mkdir -p "$work"
  # apt warns that it downloads "unsandboxed as root" into a folder _apt cannot read: harmless here.
  (cd "$work" && apt-get source -qq imgui 2>&1 >/dev/null | grep -v 'unsandboxed' >&2 || true)
  src=$(find "$work" -maxdepth 1 -type d -name 'imgui-*' | head -1)
  [ -f "$src/imgui.cpp" ] || { echo "[deps] apt-get source imgui failed" >&2; exit 1; }
  rm -rf "$imgui_dir"; mv "$src" "$imgui_dir"; rm -rf "$work"
  echo "[deps] Dear ImGui source in .deps/imgui"
fi

# npm packages pinned by package-lock.json.
if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  echo "[deps] installing npm packages"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
