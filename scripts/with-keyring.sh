#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service),
# so keychain code and tests talk to the real keychain, not a stand-in. The keyring lives in a
# temporary folder and is gone afterwards; the user's own keyring is never touched.
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
printf 'mcp-gate-test\n' |
  gnome-keyring-daemon --foreground --unlock --components=secrets >"$keyring_home/env" 2>&1 &
keyring_pid=$!
cleanup() {
  kill "$keyring_pid" 2>/dev/null || true
  wait "$keyring_pid" 2>/dev/null || true
  rm -rf "$keyring_home"
}
trap cleanup EXIT
# wait (5 s at most) until the Secret Service name is on the bus
for _ in $(seq 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done
"$@"
