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
exec node "$app/bin/cloudtop.js" "$@"
