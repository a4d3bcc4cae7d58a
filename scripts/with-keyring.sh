#!/usr/bin/env bash
# Runs a command against a real Secret Service: a private D-Bus session with gnome-keyring unlocked
# by a throwaway password. A fresh XDG_DATA_HOME per run avoids a leftover keyring with another
# password ("Cannot create an item in a locked collection"), see TOOLCHAIN.md.
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session or gnome-keyring-daemon missing (apt-get install gnome-keyring)" >&2
  exit 3
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export CLOUDTOP_KEYCHAIN_TEST=1
quoted=$(printf '%q ' "$@")
exec dbus-run-session -- sh -c "echo -n cloudtop-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; npx $quoted"
