#!/bin/sh
# ExecStartPost of tabula-agent.service: returns once the agent answers `ready` (its recovery
# wipes of accounts left dirty by a crash or a power cut are done). systemd keeps the unit
# "activating" until then, and systemd-user-sessions.service (ordered after it) removes
# /run/nologin only afterwards: no patron can log in to an account that is not clean yet.
# Bounded by the unit's TimeoutStartSec. The CLI can be given as arguments (for tests).
if [ "$#" -eq 0 ]; then
  set -- /usr/lib/tabula/tabula
fi
# systemd sets MAINPID for ExecStartPost: if the agent dies while starting, stop waiting (the unit
# fails and Restart= starts it again) instead of holding the start until TimeoutStartSec.
while :; do
  if "$@" status --json 2>/dev/null | grep -q '"ready":true'; then
    exit 0
  fi
  if [ -n "${MAINPID:-}" ] && ! kill -0 "$MAINPID" 2>/dev/null; then
    echo "tabula-wait-ready: the agent exited before it was ready" >&2
    exit 1
  fi
  sleep 0.2
done
