#!/bin/sh
# XDG autostart → Tabula app. With a systemd user manager, the app runs as the user unit
# tabula-app.service (restarted if a patron kills it); without one, the app is started directly.
# TABULA_APP (the app binary) and SYSTEMCTL exist for the packaging tests.
app=${TABULA_APP:-/opt/Tabula/tabula}
systemctl_cmd=${SYSTEMCTL:-systemctl}

if command -v "$systemctl_cmd" >/dev/null 2>&1 && "$systemctl_cmd" --user show-environment >/dev/null 2>&1; then
  # The user manager predates the graphical session: hand it the display it must use.
  "$systemctl_cmd" --user import-environment DISPLAY WAYLAND_DISPLAY XAUTHORITY XDG_CURRENT_DESKTOP \
    XDG_SESSION_TYPE DBUS_SESSION_BUS_ADDRESS >/dev/null 2>&1
  if "$systemctl_cmd" --user start tabula-app.service; then
    exit 0
  fi
fi
exec "$app"
