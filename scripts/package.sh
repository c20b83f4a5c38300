#!/usr/bin/env bash
# `npm run package`: every publishable artifact, in dist/packages/ (publib's layout):
#   js/cdktf-authentik-cloudflare-access@<version>.jsii.tgz   npm, cdktf edition (jsii-pacmak)
#   js/cdktn-authentik-cloudflare-access-<version>.tgz        npm, cdktn edition (editions/cdktn/build.ts)
#   python/cdktf_authentik_cloudflare_access-<version>-py3-none-any.whl (and the sdist)
# jsii-pacmak builds the targets in package.json's "jsii" section; it needs python3 (with venv) on the
# PATH and reaches PyPI for its build tools. The cdktn edition's tooling has its own lockfile
# (editions/cdktn) because cdktn needs a newer constructs than the cdktf edition's.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# @cdktn/commons runs `terraform version` when loaded; an empty CLI config keeps it quiet.
export TF_CLI_CONFIG_FILE=/dev/null

out=dist/packages
rm -rf "$out"
started=$SECONDS

npm run build 1>&2
node_modules/.bin/jsii-pacmak
pacmak_done=$SECONDS

tools=editions/cdktn
if [ ! -f "$tools/node_modules/.package-lock.json" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
fi
node "$tools/node_modules/ts-node/dist/bin.js" -P "$tools/tsconfig.json" "$tools/build.ts" "$out/js"

echo "jsii-pacmak $((pacmak_done - started)) s, cdktn edition $((SECONDS - pacmak_done)) s:"
find "$out" -type f \( -name '*.tgz' -o -name '*.whl' \) -printf '  %p (%s bytes)\n' | sort
