#!/usr/bin/env bash
# The packaged binary has no test hooks: COMPLAINTDESK_START_TIME is ignored, so the
# set-up of a demo desk made by the .deb's binary is dated today, not 2020. Run by
# `make package` on the .deb it has just built.
set -euo pipefail
deb=${1:?usage: scripts/check-package.sh PACKAGE.deb}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/root"
bin=$(find "$tmp/root/usr/bin" -type f -name 'complaint-desk*' | head -1)
[ -x "$bin" ] || { echo "软件包中没有可执行文件"; exit 1; }
XDG_CONFIG_HOME="$tmp/config" COMPLAINTDESK_START_TIME=2020-01-15T10:00:00+08:00 \
	"$bin" seed-demo --months 1 --data-dir "$tmp/data" >/dev/null
year=$(sqlite3 "$tmp/data/complaintdesk.db" \
	"SELECT strftime('%Y', min(at) / 1000, 'unixepoch') FROM audit_log")
if [ "$year" = 2020 ]; then
	echo "软件包中的程序仍读取测试用的 COMPLAINTDESK_START_TIME"
	exit 1
fi
echo "软件包检查通过：测试钩子不在软件包中（审计日志始于 $year 年）"
