#!/usr/bin/env bash
# The packaged binary has no test hooks: COMPLAINTDESK_START_TIME is ignored, so a demo
# desk of one month made by the .deb's binary starts about a month before today, not in
# 2020. Run by `make package` on the .deb it has just built; `scripts/check-package.sh
# --binary target/debug/complaint-desk` shows that a test build fails it.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "${1:-}" = --binary ]; then
	bin=${2:?usage: scripts/check-package.sh --binary BINARY}
else
	deb=${1:?usage: scripts/check-package.sh PACKAGE.deb}
	dpkg-deb -x "$deb" "$tmp/root"
	bin=$(find "$tmp/root/usr/bin" -type f -name 'complaint-desk*' | head -1)
fi
[ -x "$bin" ] || { echo "软件包中没有可执行文件"; exit 1; }
XDG_CONFIG_HOME="$tmp/config" COMPLAINTDESK_START_TIME=2020-01-15T10:00:00+08:00 \
	"$bin" seed-demo --months 1 --data-dir "$tmp/data" >/dev/null
days=$(sqlite3 "$tmp/data/complaintdesk.db" \
	"SELECT CAST((strftime('%s', 'now') - min(at) / 1000) / 86400 AS INTEGER) FROM audit_log")
if [ "$days" -gt 62 ]; then
	echo "程序仍读取测试用的 COMPLAINTDESK_START_TIME（审计日志始于 $days 天前）"
	exit 1
fi
echo "检查通过：测试钩子不在此程序中（审计日志始于 $days 天前）"
