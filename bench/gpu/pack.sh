#!/usr/bin/env bash
# Packs what bench/gpu/device.sh needs on the GPU machine into .gpu/ (git-ignored through .git/info/exclude;
# never commit it). That machine has no network, Node or Chromium, and a call carries at most 64 MiB, so the
# pack is two parts, sent by two calls back to back while the machine stays warm (files under /opt stay):
#   .gpu/a: Debian's chromium-headless-shell binary alone (xz, 54 MiB: with the working tree, all a call holds);
#   .gpu/b: the chromium-common files it loads, every shared library it needs except glibc's and the compiler
#           runtime's, the glvnd EGL/GL loader .debs and one font (rest.tar.xz); this machine's Node (x86-64);
#           bench/large-screen.ts, bench/perf-tiers.ts, bench/viewer-startup.ts and bench/gpu/gpu-info.ts bundled by esbuild
#           (playwright-core beside them, unbundled), the bare viewer's page and Cesium build, the Cesium sources
#           vite-csp.ts reads, and a production build with the demo tiles (bench.tar.xz).
# Usage: bench/gpu/pack.sh <build folder with tiles/demo> (npx vite build --outDir …). Needs apt-get download,
# xz. The xz of the 220 MB Chromium binary takes minutes on 2 cores; it is cached in $GPU_PACK_WORK.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIST=$(cd "${1:?usage: bench/gpu/pack.sh <build folder>}" && pwd)
WORK=${GPU_PACK_WORK:-/tmp/gpu-pack}
test -f "$DIST/tiles/demo/tileset.json" || { echo "pack: $DIST has no tiles/demo" >&2; exit 1; }
cd "$ROOT"
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >>.git/info/exclude
mkdir -p "$WORK/debs" .gpu/a .gpu/b

# --- part A: Chromium ---
(cd "$WORK/debs" && for p in chromium-headless-shell chromium-common libegl1 libglvnd0 libgles2 libopengl0 libgl1 libglx0; do
  ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download "$p"
done)
rm -rf "$WORK/a" "$WORK/x" && mkdir -p "$WORK/a/chromium" "$WORK/a/lib/nss" "$WORK/a/debs" "$WORK/a/fonts" "$WORK/x"
dpkg -x "$WORK"/debs/chromium-headless-shell_*.deb "$WORK/x"
dpkg -x "$WORK"/debs/chromium-common_*.deb "$WORK/x"
C="$WORK/x/usr/lib/chromium"
cp "$C"/headless_*.pak "$C"/icudtl.dat "$C"/snapshot_blob.bin "$C"/v8_context_snapshot.bin "$C"/libEGL.so \
  "$C"/libGLESv2.so "$C"/libvulkan.so.1 "$C"/libvk_swiftshader.so "$C"/vk_swiftshader_icd.json "$WORK/a/chromium/"
cp "$WORK"/debs/lib{egl1,glvnd0,gles2,opengl0,gl1,glx0}_*.deb "$WORK/a/debs/"
# Shared libraries from this Debian 12; glibc and libstdc++/libgcc come from the (newer) target system.
for bin in "$C/chromium-headless-shell" "$C/libvulkan.so.1" "$C/libvk_swiftshader.so"; do ldd "$bin"; done |
  awk '$3 ~ /^\// {print $3}' | sort -u |
  grep -Ev '/(libc|libm|libpthread|libdl|librt|libresolv|libgcc_s|libstdc\+\+|ld-linux-x86-64)\.so' |
  while read -r lib; do cp -L "$lib" "$WORK/a/lib/"; done
cp -L /usr/lib/x86_64-linux-gnu/nss/*.so "$WORK/a/lib/nss/" # NSS loads its soft token at run time
cp -L /usr/lib/x86_64-linux-gnu/nss/*.so "$WORK/a/lib/"
# Without a font fontconfig finds, the headless shell aborts on the app's first text (SkFontMgr_FontConfigInterface
# "Not implemented", SIGTRAP). The folder is named relative to fonts.conf, wherever it is unpacked.
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf "$WORK/a/fonts/"
printf '<?xml version="1.0"?>\n<fontconfig><dir prefix="relative">.</dir><cachedir>/tmp/fc-cache</cachedir></fontconfig>\n' \
  >"$WORK/a/fonts/fonts.conf"
BIN="$WORK/chromium-headless-shell.xz"
if [ ! -s "$BIN" ] || [ "$BIN" -ot "$C/chromium-headless-shell" ]; then
  xz -9e -T2 -c "$C/chromium-headless-shell" >"$BIN.part" && mv "$BIN.part" "$BIN"
fi
cp "$BIN" .gpu/a/chromium-headless-shell.xz
tar -C "$WORK/a" -cJf .gpu/b/rest.tar.xz .

# --- part B: Node and the benchmarks ---
NODE="$WORK/node.xz"
[ -s "$NODE" ] || xz -9 -T2 -c "$(command -v node)" >"$NODE"
cp "$NODE" .gpu/b/node.xz
rm -rf "$WORK/b" && mkdir -p "$WORK/b/bench/gpu" "$WORK/b/node_modules/cesium/Build" "$WORK/b/node_modules/@cesium/engine/Source"
node_modules/.bin/esbuild bench/large-screen.ts bench/perf-tiers.ts bench/viewer-startup.ts bench/gpu/gpu-info.ts --bundle --platform=node \
  --format=esm --target=node20 --external:playwright-core --outbase=bench --outdir="$WORK/b/bench" \
  --out-extension:.js=.mjs --log-level=warning \
  --banner:js="import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
cp -r bench/bare-viewer "$WORK/b/bench/"
cp -r node_modules/cesium/Build/Cesium "$WORK/b/node_modules/cesium/Build/"
cp node_modules/@cesium/engine/package.json "$WORK/b/node_modules/@cesium/engine/"
(cd node_modules/@cesium/engine && cp --parents Source/Scene/CreditDisplay.js Source/Core/FeatureDetection.js \
  "$WORK/b/node_modules/@cesium/engine/")
mkdir -p "$WORK/b/node_modules/playwright-core"
(cd node_modules/playwright-core && tar --exclude=./lib/vite -cf - .) | tar -C "$WORK/b/node_modules/playwright-core" -xf -
cp -rL "$DIST" "$WORK/b/dist"
tar -C "$WORK/b" -cJf .gpu/b/bench.tar.xz .
du -b .gpu/a/* .gpu/b/*
echo "pack: part A $(du -cb .gpu/a/* | tail -1 | cut -f1) bytes, part B $(du -cb .gpu/b/* | tail -1 | cut -f1) bytes (+ the working tree, 64 MiB a call)"
