#!/bin/bash
# Tabula: puts the one-time dashboard enrollment token where the agent redeems it at start
# (main/agent/report/enroll.ts): /etc/tabula/enroll-token on Linux, /Library/Application
# Support/Tabula/enroll-token on macOS, owned by root, mode 0600 (the agent refuses a token file
# that other users can read). The same job as build/installer/windows/apply-settings.ps1.
#
#   deb / rpm: fpm --before-install (preinst / %pre), e.g.
#     sudo TABULA_ENROLL_TOKEN=tbe_... apt-get install ./tabula_x.y.z_amd64.deb
#   macOS pkg: run by postinstall from the app's Resources/build/installer/; or by hand later:
#     sudo TABULA_ENROLL_TOKEN=tbe_... /opt/Tabula/resources/build/installer/enroll-token.sh
#
# Without TABULA_ENROLL_TOKEN, a token file IT put there beforehand (MDM, imaging) is made
# root-only; nothing else happens. The token is never printed. Exit codes: 0 done, 3 bad token.
# Environment for packaging tests: DESTDIR (a root prefix), UNAME (instead of `uname -s`).
set -euo pipefail

root=${DESTDIR:-}
case "${UNAME:-$(uname -s)}" in
  Darwin) dir="$root/Library/Application Support/Tabula" ;;
  *) dir="$root/etc/tabula" ;;
esac
file="$dir/enroll-token"
token=${TABULA_ENROLL_TOKEN:-}
umask 077

root_only() {
  chmod 0600 "$1"
  if [ "$(id -u)" = 0 ]; then chown 0:0 "$1"; fi
}

if [ -n "$token" ]; then
  if ! [[ "$token" =~ ^tbe_[A-Za-z0-9_-]{43}$ ]]; then
    echo "Tabula: TABULA_ENROLL_TOKEN is not an enrollment token (tbe_...); create one with: tabula-dashboard token create --site ID" >&2
    exit 3
  fi
  mkdir -p "$dir"
  chmod 0755 "$dir"
  # Written root-only from the start (umask 077), then moved into place in one step.
  tmp=$(mktemp "$dir/.enroll-token.XXXXXX")
  printf '%s\n' "$token" > "$tmp"
  root_only "$tmp"
  mv -f "$tmp" "$file"
elif [ -f "$file" ] && [ ! -L "$file" ]; then
  root_only "$file"
fi
exit 0
