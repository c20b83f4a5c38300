#!/usr/bin/env bash
# Builds the Terraform providers this library is validated against into a
# filesystem mirror inside the repository (.providers/, gitignored) and writes a
# Terraform CLI config that installs from that mirror only, so that
#   TF_CLI_CONFIG_FILE=.providers/terraform.rc terraform init
# needs no network. Idempotent: what is already built from the same source is kept.
#
# Environment:
#   PROVIDERS_DIR     where to build (default: <repo>/.providers)
#   PROVIDERS_CLI     terraform | opentofu (default: terraform when it is on PATH, else opentofu)
#   PROVIDERS_CACHE   where built binaries are kept per module@version, shared by clones
#                     (default: ~/.cache/cdktf-authentik-cloudflare-access/go-bin)
#   PROVIDERS_RETRY_PINNED=1  try the pinned authentik release again although a stand-in is built
#
# The pinned versions come from versions.json.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${PROVIDERS_DIR:-"$ROOT/.providers"}
MIRROR="$OUT/mirror"
BUILD="$OUT/build"
CACHE=${PROVIDERS_CACHE:-"${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-authentik-cloudflare-access/go-bin"}

pinned() { node -p "require('$ROOT/versions.json').$1"; }
AUTHENTIK_VERSION=$(pinned authentik.version)
AUTHENTIK_MODULE=$(pinned authentik.module)
AUTHENTIK_SCHEMA="$ROOT/$(pinned authentik.schema)"

# The version @cdktf/provider-cloudflare 13.9.1 was generated from and pins. At tag
# v5.14.0 the module's go.mod declares the path without a /v5 suffix, so
# `.../v5@v5.14.0` does not exist, and the Go module proxy refuses the pseudo-version of
# that commit: the release cannot be built here. The stand-in is the newest v5 commit
# the proxy serves, installed under 5.14.0; a test compares its schema with the real
# 5.14.0 schema (schemas/cloudflare-5.14.0.json) for every resource the library emits.
CLOUDFLARE_VERSION=$(pinned cloudflare.version)
CLOUDFLARE_STANDIN_MODULE=$(pinned cloudflare.standIn.module)
CLOUDFLARE_STANDIN_VERSION=$(pinned cloudflare.standIn.version)

OPENTOFU_MODULE=github.com/opentofu/opentofu
OPENTOFU_VERSION=v1.10.10

say() { printf 'providers: %s\n' "$*" >&2; }
die() { printf 'providers: error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not installed or not on PATH. The providers are built from the Go module proxy with 'go install'; install Go 1.24 or newer (https://go.dev/dl/) and run 'npm run providers' again."

PLATFORM="$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$MIRROR" "$BUILD/authentik" "$CACHE"
started=$(date +%s)

# mirror_install NAME VERSION BINARY STAMP: hard-links (or copies) BINARY into the
# unpacked mirror layout, under OpenTofu's registry hostname too when that is the CLI.
mirror_install() {
  local name=$1 version=$2 binary=$3 stamp=$4 hosts=registry.terraform.io host dir file
  [ "$CLI_NAME" = opentofu ] && hosts="$hosts registry.opentofu.org"
  for host in $hosts; do
    dir="$MIRROR/$host/$name/$version/$PLATFORM"
    file="$dir/terraform-provider-${name##*/}_v$version"
    mkdir -p "$dir"
    rm -f "$file"
    ln "$binary" "$file" 2>/dev/null || cp "$binary" "$file"
    printf '%s\n' "$stamp" > "$dir/.source"
  done
}

# is_current NAME VERSION STAMP: the mirror already holds a binary built from STAMP.
is_current() {
  local dir="$MIRROR/registry.terraform.io/$1/$2/$PLATFORM"
  [ -x "$dir/terraform-provider-${1##*/}_v$2" ] && [ "$(cat "$dir/.source" 2>/dev/null)" = "$3" ]
}

# go_install MODULE VERSION LOG: prints the path of the installed binary. Binaries are
# kept per module@version in the user cache, so fresh clones on this machine reuse them.
go_install() {
  local dest="$CACHE/$1@$2" bin
  bin="$dest/$(basename "${1%/v[0-9]*}")"
  if [ ! -x "$bin" ]; then
    GOBIN="$dest" GOFLAGS=-mod=mod go install "$1@$2" 2>>"$3" || return 1
  fi
  echo "$bin"
}

refused() { grep -qE "403 Forbidden|404 Not Found|not available|unknown revision|invalid version" "$1"; }

# provider NAME VERSION MODULE FALLBACK_DESCRIPTION FALLBACK_COMMAND...: builds the pinned
# release, or, when the Go module proxy refuses it, runs the fallback, which must print
# the path of a binary.
provider() {
  local name=$1 version=$2 module=$3 fallback=$4 log="$BUILD/${1##*/}.log" t0 bin
  shift 4
  local stamp="$module@v$version"
  if is_current "$name" "$version" "$stamp" || { [ -z "${PROVIDERS_RETRY_PINNED:-}" ] && is_current "$name" "$version" "$fallback"; }; then
    say "$name $version: up to date ($(cat "$MIRROR/registry.terraform.io/$name/$version/$PLATFORM/.source"))"
    return
  fi
  t0=$(date +%s)
  : > "$log"
  say "$name: go install $stamp"
  if bin=$(go_install "$module" "v$version" "$log"); then
    mirror_install "$name" "$version" "$bin" "$stamp"
  elif refused "$log"; then
    say "$name: the Go module proxy refuses $stamp; using $fallback"
    bin=$("$@" "$log") || { cat "$log" >&2; die "$name: fallback build failed"; }
    mirror_install "$name" "$version" "$bin" "$fallback"
  else
    cat "$log" >&2
    die "$name provider build failed"
  fi
  say "$name: ready in $(($(date +%s) - t0))s"
}

# cloudflare_standin: builds the stand-in directly (the release cannot be fetched, see above).
cloudflare_standin() {
  local name=cloudflare/cloudflare log="$BUILD/cloudflare.log" t0 bin
  local stamp="$CLOUDFLARE_STANDIN_MODULE@$CLOUDFLARE_STANDIN_VERSION (stands in for v$CLOUDFLARE_VERSION, which the Go module proxy refuses)"
  if is_current "$name" "$CLOUDFLARE_VERSION" "$stamp"; then
    say "$name $CLOUDFLARE_VERSION: up to date ($stamp)"
    return
  fi
  t0=$(date +%s)
  : > "$log"
  say "$name: v$CLOUDFLARE_VERSION cannot come from the Go module proxy (its go.mod has no /v5 path and the proxy refuses that commit); building $CLOUDFLARE_STANDIN_MODULE@$CLOUDFLARE_STANDIN_VERSION instead (about an hour and 12 GB on a cold cache)"
  bin=$(go_install "$CLOUDFLARE_STANDIN_MODULE" "$CLOUDFLARE_STANDIN_VERSION" "$log") || { cat "$log" >&2; die "$name: stand-in build failed"; }
  mirror_install "$name" "$CLOUDFLARE_VERSION" "$bin" "$stamp"
  say "$name: ready in $(($(date +%s) - t0))s"
}

authentik_schema_provider() {
  local src="$ROOT/tools/schema-provider" bin="$BUILD/authentik/terraform-provider-authentik"
  cp "$AUTHENTIK_SCHEMA" "$src/schema.json"
  (cd "$src" && go build -trimpath -o "$bin" .) 2>>"$1" || return 1
  "$bin" -check >&2
  echo "$bin"
}

find_cli() {
  local want=${PROVIDERS_CLI:-}
  if [ "$want" != opentofu ] && command -v terraform >/dev/null 2>&1; then
    CLI=$(command -v terraform); CLI_NAME=terraform; return
  fi
  [ "$want" = terraform ] && die "PROVIDERS_CLI=terraform but terraform is not on PATH"
  CLI="$CACHE/$OPENTOFU_MODULE@$OPENTOFU_VERSION/tofu"; CLI_NAME=opentofu
  if [ -x "$CLI" ]; then say "opentofu: using $CLI"; return; fi
  if [ "$want" = opentofu ]; then say "PROVIDERS_CLI=opentofu: building OpenTofu $OPENTOFU_VERSION from the Go module proxy"
  else say "terraform is not on PATH: building OpenTofu $OPENTOFU_VERSION from the Go module proxy"; fi
  local dir t0=$(date +%s)
  dir=$(go mod download -json "$OPENTOFU_MODULE@$OPENTOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || die "could not download $OPENTOFU_MODULE@$OPENTOFU_VERSION"
  (cd "$dir" && go build -trimpath -o "$CLI.tmp" ./cmd/tofu) || die "OpenTofu build failed"
  mv "$CLI.tmp" "$CLI"
  say "opentofu: built in $(( $(date +%s) - t0 ))s"
}

write_config() {
  cat > "$OUT/terraform.rc" <<RC
# Written by scripts/build-providers.sh: install providers from the local mirror only.
provider_installation {
  filesystem_mirror {
    path = "$MIRROR"
  }
}
RC
  local version
  # No pipe into head: with pipefail, the CLI's SIGPIPE after the first line would fail the script (exit 141).
  version=$("$CLI" version 2>/dev/null || true)
  version=${version%%$'\n'*}
  node -e '
    const [file, cli, cliName, cliVersion, rc, mirror, cf, ak] = process.argv.slice(1);
    const fs = require("fs");
    fs.writeFileSync(file, JSON.stringify({ cli, cliName, cliVersion, cliConfigFile: rc, mirror,
      providers: { "cloudflare/cloudflare": cf, "goauthentik/authentik": ak } }, null, 2) + "\n");
  ' "$OUT/providers.json" "$CLI" "$CLI_NAME" "$version" "$OUT/terraform.rc" "$MIRROR" \
    "$(cat "$MIRROR/registry.terraform.io/cloudflare/cloudflare/$CLOUDFLARE_VERSION/$PLATFORM/.source")" \
    "$(cat "$MIRROR/registry.terraform.io/goauthentik/authentik/$AUTHENTIK_VERSION/$PLATFORM/.source")"
  say "CLI: $CLI ($version)"
}

find_cli

[ -f "$AUTHENTIK_SCHEMA" ] || die "missing schema snapshot $AUTHENTIK_SCHEMA"
schema_hash=$(cat "$AUTHENTIK_SCHEMA" "$ROOT"/tools/schema-provider/{main.go,go.mod,go.sum} | sha256sum | cut -c1-16)
provider goauthentik/authentik "$AUTHENTIK_VERSION" "$AUTHENTIK_MODULE" \
  "schema-only stand-in built from schemas/authentik-$AUTHENTIK_VERSION.json ($schema_hash); the Go module proxy refuses $AUTHENTIK_MODULE@v$AUTHENTIK_VERSION" \
  authentik_schema_provider
cloudflare_standin
write_config
say "mirror: $MIRROR"
say "config: export TF_CLI_CONFIG_FILE=$OUT/terraform.rc"
say "done in $(( $(date +%s) - started ))s"
