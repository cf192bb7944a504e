#!/usr/bin/env bash
# The README's Datasette screenshot: export the dataset as SQLite, serve it with Datasette on
# 127.0.0.1, and photograph a faceted table page with headless Chromium.
#
#   bash scripts/make_datasette_screenshot.sh [DATASET] [OUT.png]     # defaults: data/parquet docs/img/datasette.png
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-data/parquet}"
out="${2:-docs/img/datasette.png}"
bash scripts/setup.sh --screenshots
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
uv run hyokasho export --data "$data" --out "$work/site" --format sqlite
port="$(uv run python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
uv run datasette serve "$work/site/hyokasho.db" --metadata "$work/site/metadata.json" \
    --host 127.0.0.1 --port "$port" >"$work/datasette.log" 2>&1 &
server=$!
for _ in $(seq 60); do  # at most 30 s for the server to answer
    curl -sf "http://127.0.0.1:$port/-/versions.json" >/dev/null && break
    sleep 0.5
done
url="http://127.0.0.1:$port/hyokasho/entrustments?_sort=municipality_name&_size=8&_col=municipality_name&_col=jimu&_col=title&_col=contractor&_col=subcontract&_col=source_page"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,2100 \
    --screenshot="$work/shot.png" "$url" 2>/dev/null
mkdir -p "$(dirname "$out")"
uv run python -c "
from PIL import Image
im = Image.open('$work/shot.png').convert('RGB')
# the page opens with the column descriptions (from models/schema.py); the picture shows the
# table's title, then jumps to the facets and rows below them
top, rest = im.crop((0, 0, 1400, 112)), im.crop((0, 910, 1400, 1750))
shot = Image.new('RGB', (1400, top.height + rest.height), 'white')
shot.paste(top, (0, 0)); shot.paste(rest, (0, top.height))
shot.quantize(128).save('$out', optimize=True)
"
echo "$out: $url"
