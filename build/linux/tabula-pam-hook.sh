#!/bin/sh
# Tabula PAM hook, run by pam_exec(8) on session open and close (build/linux/pam-tabula):
#   close_session -> tabula session end --account "$PAM_USER"   (the agent wipes)
#   open_session  -> tabula session start --account "$PAM_USER" (the journal marks it dirty)
# The agent decides whether the account is a patron; staff and root are refused there.
# It never fails a login or logout (always exits 0) and prints nothing: account names are patron
# data. The CLI can be given as arguments (from the PAM line, which only root writes) — never from
# the environment, which a user may influence.
set -u

case "${PAM_TYPE:-}" in
  open_session) verb=start ;;
  close_session) verb=end ;;
  *) exit 0 ;;
esac

user=${PAM_USER:-}
case "$user" in
  '' | -* | *[[:space:]]* | */*) exit 0 ;;
esac

# Default: the launcher postinst.sh writes (it knows the runtime: Electron as Node, or Node).
if [ "$#" -eq 0 ]; then
  set -- /usr/lib/tabula/tabula
fi

# The agent answers at once; without a running agent the CLI wipes directly, bounded so a logout
# never hangs.
if command -v timeout >/dev/null 2>&1; then
  timeout 120 "$@" session "$verb" --account "$user" >/dev/null 2>&1 </dev/null || true
else
  "$@" session "$verb" --account "$user" >/dev/null 2>&1 </dev/null || true
fi
exit 0
