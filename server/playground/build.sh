#!/usr/bin/env bash
# Installs the playground's browser files (GraphiQL, React) from the npm
# registry at the versions package-lock.json pins, and copies the ones the
# page loads into assets/, which the Go build embeds: the playground then
# needs no CDN at run time. The server checks each file's SHA-256 against
# the hash it expects before serving it.
#
# Without npm, the binary still builds and serves GraphQL; its playground
# page then says how to install the files. Under CI=true a missing npm fails.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null; then
  msg="playground: npm is missing, so the playground's files were not installed (apt-get install -y npm, then make playground-assets)"
  if [ "${CI:-}" = "true" ]; then echo "FAIL: $msg" >&2; exit 1; fi
  echo "warning: $msg" >&2
  exit 0
fi

npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
install -m 0644 node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css \
  node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js assets/
install -m 0644 node_modules/graphiql/LICENSE assets/LICENSE-graphiql.txt
install -m 0644 node_modules/react/LICENSE assets/LICENSE-react.txt
install -m 0644 node_modules/react-dom/LICENSE assets/LICENSE-react-dom.txt
# node_modules holds 100 MB for these few files; npm's cache keeps the
# packages for the next run.
rm -rf node_modules
