#!/bin/sh
# Installs Debian's PixelMed jars when they are missing (idempotent: does nothing when present).
set -e
need=""
[ -f /usr/share/java/pixelmed.jar ] || need="$need libpixelmed-java"
[ -f /usr/share/java/pixelmed_imageio.jar ] || need="$need libpixelmed-imageio-java"
if [ -z "$need" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "installing Debian packages:$need"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need
