#!/usr/bin/env bash
# Rebuilds the committed front-end assets from pinned npm packages:
#   static/govuk/            govuk-frontend CSS (compiled from Sass), JS, images
#   tests/browser/vendor/    axe-core, injected into pages by the accessibility checks
# The output is committed so that `make run` and CI never need npm. Run it only to
# change a version.
#
# Why compile the Sass rather than copy the precompiled CSS: the GDS Transport font
# and the crown are licensed only to services on GOV.UK, which a police service is
# not; the Design System's guidance is to use Arial instead. Compiling also lets us
# set a relative assets path, so the CSS works under STATIC_URL and WhiteNoise can
# hash the images.
set -euo pipefail
GOVUK_FRONTEND_VERSION=5.14.0   # crispy-forms-gds 2.0.1 renders govuk-frontend 5 markup
AXE_CORE_VERSION=4.14.1
SASS_VERSION=1.108.2

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent \
  "govuk-frontend@${GOVUK_FRONTEND_VERSION}" "axe-core@${AXE_CORE_VERSION}" "sass@${SASS_VERSION}"

cat > toex.scss <<'SCSS'
$govuk-font-family: arial, sans-serif;
$govuk-include-default-font-face: false;
$govuk-assets-path: "assets/";
@import "node_modules/govuk-frontend/dist/govuk/index";
SCSS
npx sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import toex.scss govuk-frontend.min.css

dist=node_modules/govuk-frontend/dist/govuk
out="$root/static/govuk"
rm -rf "$out"
mkdir -p "$out/assets"
cp govuk-frontend.min.css "$out/"
cp "$dist/govuk-frontend.min.js" "$out/"
# Only the crest: the compiled CSS refers to it. The crown favicons are GOV.UK's own.
mkdir -p "$out/assets/images"
cp "$dist/assets/images/govuk-crest.svg" "$out/assets/images/"
echo "govuk-frontend ${GOVUK_FRONTEND_VERSION} (Sass compiled with Arial, no GDS Transport)" > "$out/VERSION"

mkdir -p "$root/tests/browser/vendor"
cp node_modules/axe-core/axe.min.js "$root/tests/browser/vendor/axe.min.js"
echo "axe-core ${AXE_CORE_VERSION}" > "$root/tests/browser/vendor/VERSION"
echo "vendored govuk-frontend ${GOVUK_FRONTEND_VERSION}, axe-core ${AXE_CORE_VERSION}"
