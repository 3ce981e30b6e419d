#!/bin/bash
# shellcheck disable=SC2016
# (Template: electron-builder expands the dollar-brace macros in quotes; its own lines below are kept verbatim.)

# Delete the link to the binary
# update-alternatives --remove <name> <path>: 'path' must be the registered alternative binary,
# not the generic symlink — see https://man7.org/linux/man-pages/man1/update-alternatives.1.html
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload the profile from the running kernel before deleting the file so the
  # policy is not left enforced until the next reboot.  Mirror the chroot guard
  # used in the after-install script — live AppArmor operations are not
  # meaningful inside a chroot.
  # https://wiki.debian.org/AppArmor/HowToUse
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
# ---------------------------------------------------------------------------------------------
# Tabula (build/linux/after-remove.sh). Everything above is electron-builder's own
# templates/linux/after-remove.tpl, kept verbatim. The agent service was stopped and removed by
# build/installer/linux/before-remove.sh (prerm.sh) while its files were still there.
# deb: "remove" / "purge" / "upgrade"; rpm: 0 (erase) or 1 (upgrade).
case "$1" in
  remove|purge|0)
    rm -f /etc/xdg/autostart/tabula-app.desktop
    ;;
esac
# deb purge: the configuration (/etc/tabula) and the state (/var/lib/tabula: journal, dashboard
# credential, queued reports, logs) go too. A plain remove keeps both (docs/installers.md).
if [ "$1" = purge ]; then
  rm -rf /etc/tabula /var/lib/tabula
fi
