#!/usr/bin/env bash
# Debian packages the app needs beyond Python: CJK fonts and Pango/HarfBuzz for WeasyPrint PDFs
# (without libharfbuzz-subset0 PDFs are ~5x slower), Chromium for the browser tests, nginx for the
# front-proxy test (deploy/nginx), node and npm to install axe-core for the accessibility test
# (scripts/install-axe.sh).
# Installs what is missing when run as root with apt-get; otherwise says what is missing.
set -u
packages=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium nginx-light)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# node may come from NodeSource (npm inside its nodejs package) or Debian (two packages).
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null && exit 0
fi
echo "缺少系统软件包（可用 apt-get install 安装）：${missing[*]}" >&2
exit 0
