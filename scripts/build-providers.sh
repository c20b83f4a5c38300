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
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${PROVIDERS_DIR:-"$ROOT/.providers"}
MIRROR="$OUT/mirror"
BUILD="$OUT/build"

AUTHENTIK_VERSION=2026.5.0
AUTHENTIK_MODULE=goauthentik.io/terraform-provider-authentik
AUTHENTIK_SCHEMA="$ROOT/schemas/authentik-$AUTHENTIK_VERSION.json"

# The version @cdktf/provider-cloudflare 13.9.1 was generated from and pins.
CLOUDFLARE_VERSION=5.14.0
CLOUDFLARE_MODULE=github.com/cloudflare/terraform-provider-cloudflare/v5
# Used only when the module proxy refuses the release above: the newest commit of
# the v5 provider that proxy.golang.org serves (its go.mod has no /v5 suffix).
CLOUDFLARE_FALLBACK_MODULE=github.com/cloudflare/terraform-provider-cloudflare
CLOUDFLARE_FALLBACK_VERSION=v0.0.0-20260824180050-4f360d592a7d

OPENTOFU_MODULE=github.com/opentofu/opentofu
OPENTOFU_VERSION=v1.10.10

say() { printf 'providers: %s\n' "$*" >&2; }
die() { printf 'providers: error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not installed or not on PATH. The providers are built from the Go module proxy with 'go install'; install Go 1.24 or newer (https://go.dev/dl/) and run 'npm run providers' again."

PLATFORM="$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$MIRROR" "$BUILD"
started=$(date +%s)

# mirror_install NAME VERSION BINARY STAMP: puts BINARY into the unpacked mirror
# layout under both registry hostnames (Terraform's and OpenTofu's defaults).
mirror_install() {
  local name=$1 version=$2 binary=$3 stamp=$4 host dir
  for host in registry.terraform.io registry.opentofu.org; do
    dir="$MIRROR/$host/$name/$version/$PLATFORM"
    mkdir -p "$dir"
    cp "$binary" "$dir/terraform-provider-${name##*/}_v$version"
    chmod +x "$dir/terraform-provider-${name##*/}_v$version"
    printf '%s\n' "$stamp" > "$dir/.source"
  done
}

# is_current NAME VERSION STAMP: the mirror already holds a binary built from STAMP.
is_current() {
  local dir="$MIRROR/registry.terraform.io/$1/$2/$PLATFORM"
  [ -x "$dir/terraform-provider-${1##*/}_v$2" ] && [ "$(cat "$dir/.source" 2>/dev/null)" = "$3" ]
}

# go_install MODULE VERSION DEST: go install into DEST; fails when the proxy refuses.
go_install() {
  GOBIN="$3" GOFLAGS=-mod=mod go install "$1@$2"
}

refused() { grep -qE "403 Forbidden|404 Not Found|not available|unknown revision|invalid version" "$1"; }

build_cloudflare() {
  local stamp="$CLOUDFLARE_MODULE@v$CLOUDFLARE_VERSION" log="$BUILD/cloudflare.log" t0=$(date +%s)
  if is_current cloudflare/cloudflare "$CLOUDFLARE_VERSION" "$stamp"; then
    say "cloudflare $CLOUDFLARE_VERSION: up to date ($stamp)"; return
  fi
  local fallback="$CLOUDFLARE_FALLBACK_MODULE@$CLOUDFLARE_FALLBACK_VERSION (stands in for v$CLOUDFLARE_VERSION, which the Go module proxy refuses)"
  if is_current cloudflare/cloudflare "$CLOUDFLARE_VERSION" "$fallback" && [ -z "${PROVIDERS_RETRY_PINNED:-}" ]; then
    say "cloudflare $CLOUDFLARE_VERSION: up to date ($fallback)"; return
  fi
  say "cloudflare: go install $stamp"
  if go_install "$CLOUDFLARE_MODULE" "v$CLOUDFLARE_VERSION" "$BUILD/cloudflare" 2>"$log"; then
    mirror_install cloudflare/cloudflare "$CLOUDFLARE_VERSION" "$BUILD/cloudflare/terraform-provider-cloudflare" "$stamp"
  elif refused "$log"; then
    say "cloudflare: the Go module proxy refuses $stamp; building $fallback"
    go_install "$CLOUDFLARE_FALLBACK_MODULE" "$CLOUDFLARE_FALLBACK_VERSION" "$BUILD/cloudflare" 2>>"$log" || { cat "$log" >&2; die "cloudflare provider build failed"; }
    mirror_install cloudflare/cloudflare "$CLOUDFLARE_VERSION" "$BUILD/cloudflare/terraform-provider-cloudflare" "$fallback"
  else
    cat "$log" >&2; die "cloudflare provider build failed"
  fi
  say "cloudflare: built in $(( $(date +%s) - t0 ))s"
}

build_authentik() {
  local stamp="$AUTHENTIK_MODULE@v$AUTHENTIK_VERSION" log="$BUILD/authentik.log" t0=$(date +%s)
  if is_current goauthentik/authentik "$AUTHENTIK_VERSION" "$stamp"; then
    say "authentik $AUTHENTIK_VERSION: up to date ($stamp)"; return
  fi
  [ -f "$AUTHENTIK_SCHEMA" ] || die "missing schema snapshot $AUTHENTIK_SCHEMA"
  local src="$ROOT/tools/schema-provider" hash
  hash=$(cat "$AUTHENTIK_SCHEMA" "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)
  local standin="schema-only stand-in built from schemas/authentik-$AUTHENTIK_VERSION.json ($hash); the Go module proxy refuses $stamp"
  if is_current goauthentik/authentik "$AUTHENTIK_VERSION" "$standin" && [ -z "${PROVIDERS_RETRY_PINNED:-}" ]; then
    say "authentik $AUTHENTIK_VERSION: up to date ($standin)"; return
  fi
  say "authentik: go install $stamp"
  if go_install "$AUTHENTIK_MODULE" "v$AUTHENTIK_VERSION" "$BUILD/authentik" 2>"$log"; then
    mirror_install goauthentik/authentik "$AUTHENTIK_VERSION" "$BUILD/authentik/terraform-provider-authentik" "$stamp"
  elif refused "$log"; then
    say "authentik: the Go module proxy refuses $stamp; building a schema-only stand-in from the committed snapshot"
    cp "$AUTHENTIK_SCHEMA" "$src/schema.json"
    (cd "$src" && go build -trimpath -o "$BUILD/authentik/terraform-provider-authentik" .) 2>>"$log" || { cat "$log" >&2; die "schema stand-in build failed"; }
    "$BUILD/authentik/terraform-provider-authentik" -check >&2
    mirror_install goauthentik/authentik "$AUTHENTIK_VERSION" "$BUILD/authentik/terraform-provider-authentik" "$standin"
  else
    cat "$log" >&2; die "authentik provider build failed"
  fi
  say "authentik: built in $(( $(date +%s) - t0 ))s"
}

find_cli() {
  local want=${PROVIDERS_CLI:-}
  if [ "$want" != opentofu ] && command -v terraform >/dev/null 2>&1; then
    CLI=$(command -v terraform); CLI_NAME=terraform; return
  fi
  [ "$want" = terraform ] && die "PROVIDERS_CLI=terraform but terraform is not on PATH"
  CLI="$OUT/bin/tofu"; CLI_NAME=opentofu
  if [ -x "$CLI" ] && [ "$(cat "$OUT/bin/.tofu-source" 2>/dev/null)" = "$OPENTOFU_VERSION" ]; then return; fi
  say "terraform is not on PATH: building OpenTofu $OPENTOFU_VERSION from the Go module proxy"
  local dir t0=$(date +%s)
  dir=$(go mod download -json "$OPENTOFU_MODULE@$OPENTOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || die "could not download $OPENTOFU_MODULE@$OPENTOFU_VERSION"
  mkdir -p "$OUT/bin"
  (cd "$dir" && go build -trimpath -o "$CLI" ./cmd/tofu) || die "OpenTofu build failed"
  echo "$OPENTOFU_VERSION" > "$OUT/bin/.tofu-source"
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
  version=$("$CLI" version 2>/dev/null | head -n 1)
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
build_authentik
build_cloudflare
write_config
say "mirror: $MIRROR"
say "config: export TF_CLI_CONFIG_FILE=$OUT/terraform.rc"
say "done in $(( $(date +%s) - started ))s"
