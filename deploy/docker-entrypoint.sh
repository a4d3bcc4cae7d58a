#!/bin/sh
# Container entry point: `cloudtop serve` on every interface of the container, which serve allows
# only with a fixed token (CLOUDTOP_SERVE_TOKEN or CLOUDTOP_SERVE_TOKEN_FILE; it refuses to start
# otherwise). /config/cloudtop.json is used when present. Extra arguments go to serve (e.g. --demo).
set -eu
app="${CLOUDTOP_APP_DIR:-/app}"
config="${CLOUDTOP_CONFIG_FILE:-/config/cloudtop.json}"
if [ -f "$config" ]; then
  set -- --config "$config" serve --host 0.0.0.0 --port "${CLOUDTOP_PORT:-8080}" "$@"
else
  set -- serve --host 0.0.0.0 --port "${CLOUDTOP_PORT:-8080}" "$@"
fi
# V8's young generation capped at 2 × 16 MB. With 10,000 offers Node 24's own sizing grows it to 64 MB
# and more, nearly all of it empty between polls: the server then sat ~30 MB higher when idle and
# ~130 MB higher while building a snapshot (validate, pack, serialise), which took no longer capped.
exec node --max-semi-space-size=16 "$app/bin/cloudtop.js" "$@"
