#!/bin/bash
# Install and enable the Tabula agent unit and PAM hook, and the app's user unit (started by the
# XDG autostart entry through tabula-app-start.sh, restarted if killed). Idempotent: safe to run on every
# install and upgrade. Environment (for packaging tests): DESTDIR (a root prefix, default
# none), TABULA_BUILD (where these files are; default this script's folder), SYSTEMCTL and
# PAM_AUTH_UPDATE (commands; default systemctl and pam-auth-update).
set -euo pipefail

src=${TABULA_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
root=${DESTDIR:-}
systemctl_cmd=${SYSTEMCTL:-systemctl}
pam_auth_update=${PAM_AUTH_UPDATE:-pam-auth-update}

unit_dir=$root/etc/systemd/system
user_unit_dir=$root/usr/lib/systemd/user
hook_dir=$root/usr/lib/tabula
pam_configs=$root/usr/share/pam-configs

install -d -m 0755 "$unit_dir" "$user_unit_dir" "$hook_dir" "$pam_configs"
install -m 0644 "$src/tabula-agent.service" "$unit_dir/tabula-agent.service"
install -m 0644 "$src/tabula-app.service" "$user_unit_dir/tabula-app.service"
install -m 0755 "$src/tabula-pam-hook.sh" "$hook_dir/tabula-pam-hook.sh"
install -m 0755 "$src/tabula-app-start.sh" "$hook_dir/tabula-app-start.sh"
install -m 0644 "$src/pam-tabula" "$pam_configs/tabula"
install -d -m 0700 "$root/var/lib/tabula"

# PAM: Debian/Ubuntu profiles through pam-auth-update (it merges the line into common-session).
if command -v "$pam_auth_update" >/dev/null 2>&1; then
  "$pam_auth_update" --package --enable tabula
else
  echo "tabula: pam-auth-update not found; add to your PAM session stack:" >&2
  echo "  session optional pam_exec.so quiet /usr/lib/tabula/tabula-pam-hook.sh" >&2
fi

# systemd: only when it runs (not in a chroot or an image build).
if [ -n "$root" ] || [ -d /run/systemd/system ]; then
  if [ -z "$root" ]; then
    "$systemctl_cmd" daemon-reload
    "$systemctl_cmd" enable tabula-agent.service
    "$systemctl_cmd" restart tabula-agent.service
  else
    "$systemctl_cmd" --root="$root" enable tabula-agent.service
  fi
fi
exit 0
