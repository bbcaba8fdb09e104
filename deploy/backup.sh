#!/usr/bin/env bash
# A consistent copy of the live database (SQLite's online backup, safe while serving), checked,
# then copies older than KEEP_DAYS removed. Run daily by deploy/systemd/bghit-backup.timer.
#   BACKUP_DIR  where the copies go (default /var/backups/bghit)
#   KEEP_DAYS   how many days of copies to keep (default 14)
#   BGHIT_DB    the live database (from /etc/bghit/bghit.env, as for the app)
set -euo pipefail
cd "$(dirname "$0")/.."
BACKUP_DIR=${BACKUP_DIR:-/var/backups/bghit}
KEEP_DAYS=${KEEP_DAYS:-14}
PY=${BGHIT_PYTHON:-.venv/bin/python}
umask 077
mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/bghit-$(date -u +%Y%m%dT%H%M%SZ).sqlite3"
"$PY" -m flask --app app db backup "$target.part"
"$PY" - "$target.part" <<'PY'
import sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
result = conn.execute("PRAGMA integrity_check").fetchone()[0]
sys.exit(0 if result == "ok" else f"backup failed its integrity check: {result}")
PY
mv "$target.part" "$target"
find "$BACKUP_DIR" -maxdepth 1 -name 'bghit-*.sqlite3' -mtime +"$KEEP_DAYS" -delete
echo "backup: $target"
