#!/bin/bash
# Tabula: before the package's files go (fpm --before-remove; deb prerm, rpm %preun).
# Stops and disables the agent service and its PAM hook through build/linux/prerm.sh, only when
# the package is really removed: an upgrade keeps the service (the new postinst restarts it).
# deb passes "remove" / "upgrade" / "deconfigure" / "failed-upgrade"; rpm passes 0 (erase) or 1 (upgrade).
# TABULA_PRERM: where prerm.sh is (the headless tabula-agent package's prerm sets it).
set -u
PRERM=${TABULA_PRERM:-'/opt/Tabula/resources/build/linux/prerm.sh'}
case "${1:-}" in
  remove|deconfigure|0)
    if [ -x "$PRERM" ]; then
      "$PRERM" remove || echo "Tabula: prerm.sh failed; check the tabula-agent service" >&2
    fi
    ;;
  *)
    ;;
esac
exit 0
