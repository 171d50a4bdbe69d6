#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service),
# so keychain code and tests talk to the real keychain, not a stand-in.
# Usage: scripts/with-keyring.sh <command> [args…]
set -euo pipefail
if [ -z "${MCP_GATE_IN_KEYRING:-}" ]; then
  export MCP_GATE_IN_KEYRING=1
  exec dbus-run-session -- "$0" "$@"
fi
keyring_home=$(mktemp -d)
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'mcp-gate-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
cleanup() { kill "${GNOME_KEYRING_PID:-0}" 2>/dev/null || true; rm -rf "$keyring_home"; }
trap cleanup EXIT
"$@"
