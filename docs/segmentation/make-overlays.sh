#!/usr/bin/env bash
# Regenerates the classical-vs-refined overlay PNGs of this folder from the shared real data
# (../shared/data beside the project, or COVIDMTL_SHARED). Needs the segmentation module built once.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="${COVIDMTL_SHARED:-$(cd .. && pwd)/shared}"
./mvnw -B -q -o -ntp -pl bundles/segmentation test -Dtest=OverlayFigures -Dsurefire.failIfNoSpecifiedTests=false \
    -Dcovidmtl.shared="$shared" -Dcovidmtl.figures="$PWD/docs/segmentation"
ls -l docs/segmentation/*.png
