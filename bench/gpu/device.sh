#!/usr/bin/env bash
# Runs on the GPU machine (the session's device tool), in the working tree's copy, after bench/gpu/pack.sh:
#   A (carry .gpu/a): unpacks the Chromium binary into $SM and records the machine (driver, loaders, libraries).
#   B (carry .gpu/b, right after A while the machine is warm): unpacks the rest, loads bench/gpu/probe.html with
#     each candidate set of graphics flags (chromium-headless-shell --dump-dom, no Node needed) and keeps the
#     first whose WebGL2 renderer is the NVIDIA GPU, then runs bench/gpu/gpu-info.ts, bench:large,
#     bench:tiers and bench:viewer (bundled, with Node) under those flags while nvidia-smi samples the GPU's load
#     and memory.
# Everything goes to $OUT (at most 8 files come back). Overrides: GL_ARGS (skip the probe), BENCH_STEPS,
# BENCH_ONLY, LARGE_S / TIERS_S / VIEWER_S (time limits, s), SKIP_LARGE=1, SKIP_TIERS=1, SKIP_VIEWER=1,
# SKIP_DEBS=1 (a local trial: leaves / alone).
set -u
PHASE=${1:?usage: device.sh A|B}
SM=${SM:-/opt/sm}
OUT=${OUT:-/tmp/sm-out}
REPO=$PWD
mkdir -p "$SM" "$OUT"
unxz_to() { python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"), 1 << 22)' "$1" "$2"; }
untar() { python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], filter="fully_trusted")' "$1" "$2"; }
nvjson() { find /usr/local/nvidia /usr/share /etc -name "$1" 2>/dev/null | head -1; }

if [ "$PHASE" = A ]; then
  {
    date -u; uname -a; head -2 /etc/os-release; nproc; uptime
    nvidia-smi || true
    echo '--- loaders and libraries known to ldconfig'
    ldconfig -p | grep -E 'libEGL|libGLESv2|libGLX|libGLdispatch|libvulkan|libnss3|libgbm|libX11.so|libxkbcommon|libasound|libatk-1' || true
    echo '--- NVIDIA driver files'
    ls /usr/local/nvidia /usr/local/nvidia/lib64 2>&1 | head -80
    echo "vulkan icd: $(nvjson nvidia_icd.json)  egl vendor: $(nvjson 10_nvidia.json)"
    command -v xz tar dpkg python3 Xvfb || true
  } >"$OUT/env.txt" 2>&1
  mkdir -p "$SM/chromium"
  unxz_to .gpu/a/chromium-headless-shell.xz "$SM/chromium/chromium-headless-shell" && chmod +x "$SM/chromium/chromium-headless-shell"
  ls -la "$SM/chromium" | tee -a "$OUT/env.txt"
  exit 0
fi

exec > >(tee "$OUT/run.log") 2>&1
if [ ! -x "$SM/chromium/chromium-headless-shell" ]; then
  echo "device.sh B: $SM/chromium/chromium-headless-shell is missing (a fresh machine): run A first"
  exit 3
fi
echo "B starts $(date -u +%T), load: $(uptime)"
untar .gpu/b/rest.tar.xz "$SM" && untar .gpu/b/bench.tar.xz "$SM/root" && unxz_to .gpu/b/node.xz "$SM/node" && chmod +x "$SM/node" || exit 4
[ -n "${SKIP_DEBS:-}" ] || for f in "$SM"/debs/*.deb; do dpkg -x "$f" /; done
ldconfig
export LD_LIBRARY_PATH="$SM/lib" FONTCONFIG_FILE="$SM/fonts/fonts.conf"
ICD=$(nvjson nvidia_icd.json)
EGL=$(nvjson 10_nvidia.json)
[ -n "$ICD" ] && export VK_DRIVER_FILES="$ICD" VK_ICD_FILENAMES="$ICD"
[ -n "$EGL" ] && export __EGL_VENDOR_LIBRARY_FILENAMES="$EGL"
echo "vulkan icd: ${ICD:-none}, egl vendor: ${EGL:-none}; node $("$SM/node" --version)"
CHROME="$SM/chromium/chromium-headless-shell"
echo '--- libraries still missing'
ldd "$CHROME" | grep 'not found'

CANDIDATES=(
  'vulkan|--use-angle=vulkan --enable-features=Vulkan --disable-vulkan-surface --ignore-gpu-blocklist --enable-gpu'
  'vulkan-native|--use-gl=angle --use-angle=vulkan --use-vulkan=native --enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan --disable-vulkan-surface --ignore-gpu-blocklist --enable-gpu'
  'gl-egl|--use-gl=angle --use-angle=gl-egl --ignore-gpu-blocklist --enable-gpu'
  'gl-egl-no-gpu-sandbox|--use-gl=angle --use-angle=gl-egl --ignore-gpu-blocklist --enable-gpu --disable-gpu-sandbox --disable-features=Vulkan'
  'egl|--use-gl=egl --ignore-gpu-blocklist --enable-gpu'
  'default|--enable-gpu'
  'swiftshader (the control: CPU)|--use-angle=swiftshader --enable-unsafe-swiftshader'
)
if [ -z "${GL_ARGS:-}" ]; then
  i=0
  pids=()
  for candidate in "${CANDIDATES[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # the flags are words
    (timeout 40 "$CHROME" --headless --no-sandbox --user-data-dir="/tmp/probe$i" --enable-logging=stderr --v=0 \
      ${candidate#*|} --dump-dom "file://$REPO/bench/gpu/probe.html" >"/tmp/probe$i.out" 2>"/tmp/probe$i.err"
    echo "rc $?" >>"/tmp/probe$i.out") &
    pids+=($!)
  done
  wait "${pids[@]}" # not a bare wait: that also waits for the tee of the log
  : >"$OUT/probes.txt"
  i=0
  for candidate in "${CANDIDATES[@]}"; do
    i=$((i + 1))
    result=$(python3 -c 'import re, sys; m = re.search(r"<pre id=\"out\">(.*?)</pre>", open(sys.argv[1]).read(), re.S); print(m.group(1) if m else "")' "/tmp/probe$i.out")
    {
      echo "=== $i ${candidate%%|*}: ${candidate#*|}"
      echo "${result:-no result}; $(grep '^rc' "/tmp/probe$i.out")"
      grep -v -e dbus -e 'Fontconfig' "/tmp/probe$i.err" | tail -25
    } >>"$OUT/probes.txt"
    echo "probe ${candidate%%|*}: $(echo "$result" | head -1)"
    if [ -z "${GL_ARGS:-}" ] && echo "$result" | grep -qi 'renderer:.*nvidia'; then
      GL_ARGS=${candidate#*|}
      echo "  -> the NVIDIA GPU: using these flags"
    fi
  done
fi
if [ -z "${GL_ARGS:-}" ]; then
  echo "no candidate gave WebGL on the NVIDIA GPU (see probes.txt); no benchmark run"
  exit 5
fi

# Frames as fast as they are drawn (no 60 Hz cap), so the frame times are the rendering's cost.
export CHROMIUM_PATH="$CHROME" CHROMIUM_GL_ARGS="$GL_ARGS --disable-gpu-vsync --disable-frame-rate-limit"
export E2E_DIST="$SM/root/dist" BENCH_DIST="$SM/root/dist" BENCH_STEPS="${BENCH_STEPS:-40}"
nvidia-smi --query-gpu=timestamp,name,utilization.gpu,memory.used,clocks.sm --format=csv -lms 500 >"$OUT/nvsmi.csv" 2>&1 &
SAMPLER=$!
# Imported rather than run: a bundled module's "am I the script run" check (vite-nginx.ts) would match the bundle.
runjs() { timeout "$1" "$SM/node" -e 'import(process.argv[1])' "file://$SM/root/$2"; }
stamp() { while IFS= read -r line; do printf '%s %s\n' "$(date -u +%T)" "$line"; done; }
cd "$SM/root" || exit 6
echo "--- gpu-info $(date -u +%T)"
runjs 60 bench/gpu/gpu-info.mjs >"$OUT/gpu-info.txt" 2>&1
head -3 "$OUT/gpu-info.txt"
if [ -z "${SKIP_LARGE:-}" ]; then
  echo "--- bench:large $(date -u +%T), load: $(uptime)"
  (sleep 25 && nvidia-smi >"$OUT/nvsmi-during-large.txt" 2>&1) &
  runjs "${LARGE_S:-300}" bench/large-screen.mjs 2>&1 | stamp | tee "$OUT/large.txt"
fi
if [ -z "${SKIP_TIERS:-}" ]; then
  echo "--- bench:tiers $(date -u +%T), load: $(uptime)"
  runjs "${TIERS_S:-150}" bench/perf-tiers.mjs 2>&1 | stamp | tee "$OUT/tiers.txt"
fi
if [ -z "${SKIP_VIEWER:-}" ]; then
  echo "--- bench:viewer $(date -u +%T), load: $(uptime)"
  runjs "${VIEWER_S:-240}" bench/viewer-startup.mjs 2>&1 | stamp | tee "$OUT/viewer.txt"
fi
kill "$SAMPLER"
echo "B ends $(date -u +%T), load: $(uptime)"
