#!/usr/bin/env bash
# The whole suite. Browser tests run when Debian's chromium is present; CI sets REQUIRE_BROWSER=1
# so a missing browser fails instead of being left out.
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
args=()
if [ ! -x "$chromium" ]; then
  if [ "${REQUIRE_BROWSER:-0}" = 1 ]; then
    echo "未找到 $chromium，浏览器测试无法运行（apt-get install -y chromium）" >&2
    exit 1
  fi
  echo "未找到 $chromium：浏览器测试（tests/e2e）本次未运行；apt-get install -y chromium 后即可运行。"
  args+=(-m "not e2e")
fi
# axe-core for the accessibility browser test (a no-op once installed).
[ -x "$chromium" ] && command -v npm >/dev/null && { bash scripts/install-axe.sh || echo "axe-core 未能安装（npm）" >&2; }
echo "数据库：${DATABASE_URL:-SQLite（默认）}  消息队列/缓存：${REDIS_URL:-ORM 队列 + 本地内存缓存}"
exec "$PY" -m pytest "${args[@]}" "$@"
