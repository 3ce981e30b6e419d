#!/bin/bash
# macOS: install (default) or remove (--remove) the Tabula LaunchDaemon and LaunchAgent.
# Idempotent. Run as root, e.g. from the pkg postinstall. DESTDIR prefixes every path (tests).
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${DESTDIR:-}
launchctl_cmd=${LAUNCHCTL:-/bin/launchctl}
daemon=$root/Library/LaunchDaemons/org.tabula.agent.plist
agent=$root/Library/LaunchAgents/org.tabula.app.plist

if [ "${1:-}" = "--remove" ]; then
  if [ -z "$root" ]; then "$launchctl_cmd" bootout system/org.tabula.agent 2>/dev/null || true; fi
  rm -f "$daemon" "$agent"
  exit 0
fi

install -d -m 0755 "$root/Library/LaunchDaemons" "$root/Library/LaunchAgents" "$root/Library/Logs/Tabula"
install -m 0644 "$src/org.tabula.agent.plist" "$daemon"
install -m 0644 "$src/org.tabula.app.plist" "$agent"
if [ -z "$root" ]; then
  chown root:wheel "$daemon" "$agent"
  "$launchctl_cmd" bootout system/org.tabula.agent 2>/dev/null || true
  "$launchctl_cmd" bootstrap system "$daemon"
fi
exit 0
