#!/bin/bash
# Install and enable the Tabula agent unit and PAM hook, and the app's user unit (started by the
# XDG autostart entry through tabula-app-start.sh, restarted if killed). Idempotent: safe to run on every
# install and upgrade. Environment (for packaging tests): DESTDIR (a root prefix, default
# none), TABULA_BUILD (where these files are; default this script's folder), SYSTEMCTL and
# PAM_AUTH_UPDATE (commands; default systemctl and pam-auth-update).
# The package decides the runtime (the one difference between the Electron package and the
# headless tabula-agent package, scripts/build-agent-deb.mjs): TABULA_RUNTIME and TABULA_CLI (the
# binary that runs the CLI as Node, and cli.js; default the Electron binary with
# ELECTRON_RUN_AS_NODE=1) are written into the launcher /usr/lib/tabula/tabula that the unit and
# the PAM hook run; TABULA_APP=no (headless) installs no app user unit.
set -euo pipefail

src=${TABULA_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
root=${DESTDIR:-}
systemctl_cmd=${SYSTEMCTL:-systemctl}
pam_auth_update=${PAM_AUTH_UPDATE:-pam-auth-update}
runtime=${TABULA_RUNTIME:-/opt/Tabula/tabula}
cli=${TABULA_CLI:-/opt/Tabula/resources/app.asar.unpacked/dist/main/cli.js}
with_app=${TABULA_APP:-yes}
case "$runtime$cli" in
  *"'"* | *[[:space:]]*) echo "tabula: TABULA_RUNTIME and TABULA_CLI must be plain paths" >&2; exit 2 ;;
esac

unit_dir=$root/etc/systemd/system
user_unit_dir=$root/usr/lib/systemd/user
hook_dir=$root/usr/lib/tabula
pam_configs=$root/usr/share/pam-configs

install -d -m 0755 "$unit_dir" "$hook_dir" "$pam_configs"
install -m 0644 "$src/tabula-agent.service" "$unit_dir/tabula-agent.service"
install -m 0755 "$src/tabula-pam-hook.sh" "$hook_dir/tabula-pam-hook.sh"
install -m 0755 "$src/tabula-wait-ready.sh" "$hook_dir/tabula-wait-ready.sh"
if [ "$with_app" = yes ]; then
  install -d -m 0755 "$user_unit_dir"
  install -m 0644 "$src/tabula-app.service" "$user_unit_dir/tabula-app.service"
  install -m 0755 "$src/tabula-app-start.sh" "$hook_dir/tabula-app-start.sh"
fi
install -m 0644 "$src/pam-tabula" "$pam_configs/tabula"
# The launcher: the one place that knows which runtime runs the CLI (written whole, then moved).
launcher_tmp=$(mktemp "$hook_dir/.tabula.XXXXXX")
cat > "$launcher_tmp" <<LAUNCHER
#!/bin/sh
# Written by postinst.sh: the Tabula CLI (tabula-agent.service, the PAM hook, IT).
ELECTRON_RUN_AS_NODE=1
export ELECTRON_RUN_AS_NODE
exec '$runtime' '$cli' "\$@"
LAUNCHER
chmod 0755 "$launcher_tmp"
mv -f "$launcher_tmp" "$hook_dir/tabula"
# Configuration (config.json, enroll-token: root writes, everyone may read the folder) and state
# (the journal, sockets, reports: root only).
install -d -m 0755 "$root/etc/tabula"
install -d -m 0700 "$root/var/lib/tabula"
chmod 0700 "$root/var/lib/tabula"

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
