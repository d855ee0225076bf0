#!/usr/bin/env bash
# Vendor the pinned front-end assets from the npm registry into the repo.
#
#   scripts/vendor-static.sh           download, verify and (re)write the vendored files
#   scripts/vendor-static.sh --check   download and verify only; exit 1 if the vendored files differ
#
# Each package is fetched with `npm pack NAME@VERSION` into a temporary directory, its tarball is
# checked against the SHA-512 integrity pinned below, and only the listed files are copied into the
# package's own folder, together with a generated VERSION file (name, version, licence, tarball URL,
# integrity, sha256 of each copied file). To upgrade a package: change its version and integrity
# (`npm view NAME@VERSION dist.integrity`) below, run this script, review the diff.
# Why these packages and files: docs/decisions/0004-vendored-frontend.md.
#
# Needs: bash, npm and node (node does the hashing), tar. Nothing here is loaded at run time.
set -euo pipefail

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; }

mode="write"
case "${1:-}" in
  "") ;;
  --check) mode="check" ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
static=src/hulplijn/web/static/vendor
tests=tests/vendor

# One package per line:
#   name | version | sha512 integrity | destination (relative to the repo root) | licence | files
# files: space-separated paths inside the tarball; each is copied under its base name.
packages=(
  "@rijkshuisstijl-community/components-css|12.0.0|sha512-DfDyK5oyPP+HX3RL6Lo/G5LcEbuNzyKn7vYf7o3rwTZzts3MYDFOPHQe81YZiyHrftMEqR15LBrBdoT/UjY5WQ==|$static/rijkshuisstijl-community-components-css|EUPL-1.2 (the README forbids applying the Rijkshuisstijl design outside the Dutch central government)|package/dist/index.css package/LICENSE.md"
  "@rijkshuisstijl-community/design-tokens|11.1.0|sha512-QWAsFCEVv9AlOnISFMlBvU1M75D/LmI4sUU5RegMkj3HZH1a9A218rlExlIy/6KfmtvL67TUTnuZYkDEZmQ/UQ==|$static/rijkshuisstijl-community-design-tokens|proprietary: (c) Rijksoverheid, all rights reserved; use restricted to the Dutch central government and its contractors (see LICENSE.md)|package/dist/index.css package/LICENSE.md"
  "vega|6.4.0|sha512-rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjWbUh/7hTE/mVhbaOPB72wCElh6g==|$static/vega|BSD-3-Clause|package/build/vega.min.js package/LICENSE"
  "vega-lite|6.5.0|sha512-fMXF6s0MrIg0UTWnLIfeFtgSLzVhyzSKobzGrh5rhS+mL6FOYFG3m7ouJ4U23gj65EK+gl9FIIT5w7wLNaAzkA==|$static/vega-lite|BSD-3-Clause|package/build/vega-lite.min.js package/LICENSE"
  "vega-embed|7.3.0|sha512-wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0giQvh2cK+3p56sxjWWM0wNngGw==|$static/vega-embed|BSD-3-Clause|package/build/vega-embed.min.js package/LICENSE"
  "htmx.org|2.0.11|sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==|$static/htmx.org|0BSD|package/dist/htmx.min.js package/LICENSE"
  "axe-core|4.14.1|sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==|$tests/axe-core|MPL-2.0|package/axe.min.js package/LICENSE package/LICENSE-3RD-PARTY.txt"
)

command -v npm >/dev/null || { echo "vendor-static: npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "vendor-static: node is required" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vendor-static.XXXXXX")
trap 'rm -rf "$work"' EXIT

# digest ALGORITHM ENCODING FILE (node, so it works the same on Linux and macOS)
digest() {
  node -e 'const c=require("crypto"),fs=require("fs");
    process.stdout.write(c.createHash(process.argv[1]).update(fs.readFileSync(process.argv[3])).digest(process.argv[2]))' \
    "$1" "$2" "$3"
}

# Source-map comments point at .map files we do not vendor; Django's ManifestStaticFilesStorage
# (and WhiteNoise's) rewrites those references in collectstatic and fails when the map is missing.
# So a copied file that has such a line gets it removed; VERSION says so.
map_js='^//# sourceMappingURL='
map_css='^/\*# sourceMappingURL='

failed=0
staged=()
for entry in "${packages[@]}"; do
  IFS='|' read -r name version integrity dest license files <<<"$entry"
  base=${name##*/}
  tarball_url="https://registry.npmjs.org/$name/-/$base-$version.tgz"

  pkgwork="$work/$(echo "$name" | tr '/@' '__')"
  mkdir -p "$pkgwork/extract" "$pkgwork/out"
  if ! npm pack "$name@$version" --pack-destination "$pkgwork" --json >"$pkgwork/pack.json" 2>"$pkgwork/pack.log"; then
    cat "$pkgwork/pack.log" >&2
    echo "vendor-static: npm pack $name@$version failed" >&2
    exit 1
  fi
  tgz="$pkgwork/$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1]))[0].filename)' "$pkgwork/pack.json")"

  actual="sha512-$(digest sha512 base64 "$tgz")"
  if [[ "$actual" != "$integrity" ]]; then
    echo "vendor-static: INTEGRITY MISMATCH for $name@$version" >&2
    echo "  pinned: $integrity" >&2
    echo "  got:    $actual" >&2
    exit 1
  fi

  tar -xzf "$tgz" -C "$pkgwork/extract"
  got_version=$(node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1]));process.stdout.write(p.name+"@"+p.version)' "$pkgwork/extract/package/package.json")
  if [[ "$got_version" != "$name@$version" ]]; then
    echo "vendor-static: tarball holds $got_version, expected $name@$version" >&2
    exit 1
  fi

  {
    echo "# Generated by scripts/vendor-static.sh; do not edit. Refresh or verify with that script."
    echo "package: $name"
    echo "version: $version"
    echo "license: $license"
    echo "tarball: $tarball_url"
    echo "integrity: $integrity"
    echo "files:"
  } >"$pkgwork/VERSION"
  notes=()
  for src in $files; do
    file=$(basename "$src")
    if [[ ! -f "$pkgwork/extract/$src" ]]; then
      echo "vendor-static: $name@$version has no $src" >&2
      exit 1
    fi
    if grep -Eq "$map_js|$map_css" "$pkgwork/extract/$src"; then
      grep -Ev "$map_js|$map_css" "$pkgwork/extract/$src" >"$pkgwork/out/$file"
      notes+=("$file: source-map comment removed (map file not vendored)")
    else
      cp "$pkgwork/extract/$src" "$pkgwork/out/$file"
    fi
    echo "  $file <- $src sha256=$(digest sha256 hex "$pkgwork/out/$file")" >>"$pkgwork/VERSION"
  done
  for note in ${notes[@]+"${notes[@]}"}; do
    echo "note: $note" >>"$pkgwork/VERSION"
  done
  mv "$pkgwork/VERSION" "$pkgwork/out/VERSION"

  echo "verified $name@$version (sha512 ok)"
  staged+=("$pkgwork/out|$dest|$name@$version")
done

# Nothing is written until every package has been fetched and verified.
for item in "${staged[@]}"; do
  IFS='|' read -r out dest label <<<"$item"
  if [[ "$mode" == check ]]; then
    if diff -rq "$out" "$root/$dest" >"$work/diff" 2>&1; then
      echo "ok       $label  $dest"
    else
      echo "DIFFERS  $label  $dest" >&2
      sed 's/^/  /' "$work/diff" >&2
      failed=1
    fi
  else
    rm -rf "${root:?}/$dest"
    mkdir -p "$root/$dest"
    cp "$out/"* "$root/$dest/"
    for f in "$root/$dest/"*; do
      printf '  %-66s %8s bytes\n' "${f#"$root"/}" "$(wc -c <"$f" | tr -d ' ')"
    done
    echo "copied   $label -> $dest"
  fi
done

if [[ "$mode" == check ]]; then
  if [[ "$failed" -ne 0 ]]; then
    echo "vendor-static: vendored files differ from the pinned packages; run scripts/vendor-static.sh" >&2
    exit 1
  fi
  echo "vendor-static: all vendored files match the pinned packages"
fi
