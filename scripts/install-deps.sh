#!/usr/bin/env bash
# Installs the Debian packages the server and its tests use, when running as root and they are missing.
# Usage: scripts/install-deps.sh [runtime|demo|test]
set -euo pipefail
kind=${1:-runtime}
runtime_pkgs=(libopus0)
test_pkgs=(sip-tester espeak-ng sox libopus0 python3-requests curl libpocketsphinx3 pocketsphinx-en-us chromium nodejs kamailio redis-server postgresql)
demo_pkgs=(sip-tester espeak-ng sox)
case "$kind" in
  test) pkgs=("${test_pkgs[@]}") ;;
  demo) pkgs=("${demo_pkgs[@]}") ;;
  *) pkgs=("${runtime_pkgs[@]}") ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian ships npm apart from nodejs; other node builds bundle it.
if [ "$kind" = test ] && ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "note: missing Debian packages (${missing[*]}); run as root or install them to enable every feature and test" >&2
  exit 0
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# Kamailio is installed only as the proxy the tests start themselves: its packaged service would take port 5060,
# the server's default. A policy-rc.d answering 101 keeps the package scripts from starting any service during the
# install (a policy the host already has is left alone), and the unit is disabled afterwards so it stays off across reboots.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  own_policy=true
  trap 'rm -f "$policy"' EXIT
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [ "$own_policy" = true ]; then rm -f "$policy"; trap - EXIT; fi
if [[ " ${missing[*]} " == *" kamailio "* ]] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now kamailio >/dev/null 2>&1 || true
fi
# Likewise PostgreSQL: the tests start throwaway clusters of their own, so the packaged one stays off.
if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now postgresql >/dev/null 2>&1 || true
fi
