#!/bin/bash
# Stop and remove the Tabula agent unit, the app's user unit and the PAM hook. On upgrade ($1 = upgrade) it leaves
# everything in place (postinst restarts the agent). The state directory /var/lib/tabula (the
# journal of dirty accounts) is kept: a reinstall must still finish an interrupted wipe.
# Environment as in postinst.sh.
set -euo pipefail

root=${DESTDIR:-}
systemctl_cmd=${SYSTEMCTL:-systemctl}
pam_auth_update=${PAM_AUTH_UPDATE:-pam-auth-update}

if [ "${1:-remove}" = "upgrade" ]; then
  exit 0
fi

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  "$systemctl_cmd" disable --now tabula-agent.service || true
elif [ -n "$root" ]; then
  "$systemctl_cmd" --root="$root" disable tabula-agent.service || true
fi

if command -v "$pam_auth_update" >/dev/null 2>&1; then
  "$pam_auth_update" --package --remove tabula || true
fi

rm -f "$root/etc/systemd/system/tabula-agent.service" \
  "$root/usr/lib/systemd/user/tabula-app.service" \
  "$root/usr/lib/tabula/tabula-pam-hook.sh" \
  "$root/usr/lib/tabula/tabula-app-start.sh" \
  "$root/usr/lib/tabula/tabula-wait-ready.sh" \
  "$root/usr/lib/tabula/tabula" \
  "$root/usr/share/pam-configs/tabula"
rmdir "$root/usr/lib/tabula" 2>/dev/null || true

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  "$systemctl_cmd" daemon-reload || true
fi
exit 0
