#!/usr/bin/env bash
# Installs the Debian packages Zizhi needs, once: Pango for WeasyPrint, a CJK font so Chinese
# renders as Chinese, HarfBuzz's subsetter so documents build in a fraction of a second,
# gettext for the translations, and (with "test") Chromium for the browser tests.
# Idempotent; where apt-get cannot be used it says what is missing and carries on.
set -u
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext)
if [ "${1:-}" = "test" ]; then
  packages+=(chromium poppler-utils)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "warning: could not install ${missing[*]}; documents may be slow or show boxes."
else
  echo "warning: please install these system packages: ${missing[*]}"
  echo "         (without them documents build slowly, Chinese may show as boxes, browser tests skip)."
fi
exit 0
