#!/usr/bin/env bash
# update-readme.sh — regenerate README.md's configuration reference from the
# key table in src/common/config.c (build first: make build).
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(${BUILD:-build}/sf_config_doc)
/usr/bin/python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1].rstrip("\n") + "\n"
text = open("README.md").read()
begin, end = "<!-- config-reference:begin -->\n", "<!-- config-reference:end -->"
i, j = text.index(begin) + len(begin), text.index(end)
open("README.md", "w").write(text[:i] + table + text[j:])
PY
