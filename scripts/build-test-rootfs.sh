#!/bin/bash
# Builds (once) the Debian bookworm root filesystem the system tests boot with systemd-nspawn, and
# prints its path. Cached under /var/cache/tabula-ci/rootfs-<hash>, the hash being that of this
# package list and suite: change the list and a new rootfs is built; the old one can be deleted.
#   sudo bash scripts/build-test-rootfs.sh            # prints /var/cache/tabula-ci/rootfs-<hash>
# Environment: TABULA_CI_CACHE (default /var/cache/tabula-ci), DEBIAN_MIRROR (default deb.debian.org).
set -euo pipefail

suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${TABULA_CI_CACHE:-/var/cache/tabula-ci}
# What the tests need inside the container: a real init (systemd, logind, D-Bus, pam_systemd), a
# real login (login, su via util-linux, script), the agent's programs (procps, iproute2), the
# distribution's Node for the headless package, a real browser and real printing.
packages=(systemd systemd-sysv dbus libpam-systemd login passwd sudo util-linux bsdutils procps
  iproute2 nodejs chromium cups cups-bsd cups-client cups-ipp-utils printer-driver-cups-pdf ca-certificates)

hash=$(printf '%s\n' "$suite" "${packages[@]}" | sha256sum | cut -c1-16)
dir="$cache/rootfs-$hash"
if [ -f "$dir/.tabula-rootfs-complete" ]; then
  echo "$dir"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "build-test-rootfs: must run as root (debootstrap)" >&2
  exit 2
fi
command -v debootstrap >/dev/null || { echo "build-test-rootfs: debootstrap is missing (apt-get install debootstrap)" >&2; exit 2; }

mkdir -p "$cache"
tmp="$dir.partial"
rm -rf "$tmp"
start=$(date +%s)
# minbase + the init; everything else with apt inside (it resolves alternatives and Recommends off).
debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,libpam-systemd "$suite" "$tmp" "$mirror" >&2
cat > "$tmp/etc/apt/apt.conf.d/90tabula-ci" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
CONF
chroot "$tmp" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >&2
chroot "$tmp" apt-get clean
# A machine id, a hostname, no root password prompt needed (tests run commands through nspawn).
: > "$tmp/etc/machine-id"
echo tabula-ci > "$tmp/etc/hostname"
# The container shares the host network: nothing inside needs to manage it.
chroot "$tmp" systemctl mask systemd-networkd.service systemd-resolved.service systemd-timesyncd.service \
  apt-daily.timer apt-daily-upgrade.timer e2scrub_reap.service >/dev/null 2>&1 || true
# Package scripts run in the chroot may leave /proc or /sys mounted there: a cached rootfs must be plain files.
for m in proc sys dev/pts dev; do umount -l "$tmp/$m" 2>/dev/null || true; done
touch "$tmp/.tabula-rootfs-complete"
mv "$tmp" "$dir"
echo "build-test-rootfs: built in $(( $(date +%s) - start )) s" >&2
echo "$dir"
