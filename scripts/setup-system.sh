#!/usr/bin/env bash
# System packages the notebooks need, installed from Debian's packages (never from an npm hook):
#   Jupyter (nbclient, nbconvert, jupyter_client, ipykernel, nbformat) for the real kernel protocol,
#   Chromium for rendering figures to PNG/SVG and checking the exported HTML,
#   Noto CJK fonts so that Chinese labels draw in images.
# Run as root on Debian/Ubuntu (npm run setup:system). Elsewhere it prints what to install.
#
# Usage: bash scripts/setup-system.sh [--check]
#   (no option)  check; when everything is present print one "system ready" line and touch nothing
#                (no apt-get at all). When something is missing, say what and which packages, then
#                as root with apt-get install exactly those packages; otherwise print the
#                `sudo apt-get install ...` line and stop (exit 1).
#   --check      only report: "system ready: ..." and exit 0, or what is missing and exit 1.
#                Never installs. Exit 2 for a bad option.
#
# Every probe captures a command's output into a variable first and tests the text in bash: no
# `cmd | grep -q` (under `set -o pipefail`, grep -q closing the pipe early makes the producer die of
# SIGPIPE, status 141, and a present font looked missing).
#
# Environment:
#   PYTHON         the python that runs the notebooks (as scripts/run-notebooks.mjs): default
#                  /usr/bin/python3 when it exists, else python3 on PATH. When PYTHON names another
#                  python, Debian's Jupyter packages cannot help it: the script says to use pip.
#   CHROMIUM_PATH  a Chrome or Chromium executable (then the chromium package is not needed).
#   CC_SETUP_PATH  replaces PATH for every command the script runs (id, python3, fc-list,
#                  dpkg-query, chromium, apt-get), and the default python becomes python3 from it:
#                  the tests point it at a directory of stub commands.
set -euo pipefail

mode=install
if [ $# -gt 1 ]; then
  printf 'setup-system: at most one option (--check), got: %s\n' "$*" >&2
  exit 2
fi
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h | --help)
    printf 'Usage: bash scripts/setup-system.sh [--check]\n  --check  report what is present or missing (exit 0 / 1); never installs\n'
    exit 0
    ;;
  *)
    printf 'setup-system: unknown option %s (usage: bash scripts/setup-system.sh [--check])\n' "$1" >&2
    exit 2
    ;;
esac

if [ -n "${CC_SETUP_PATH:-}" ]; then
  PATH="$CC_SETUP_PATH"
fi

# The python of the notebooks, chosen as scripts/run-notebooks.mjs chooses it.
own_python=no
if [ -n "${PYTHON:-}" ]; then
  py="$PYTHON"
  [ "$py" = /usr/bin/python3 ] || own_python=yes
elif [ -z "${CC_SETUP_PATH:-}" ] && [ -x /usr/bin/python3 ]; then
  py=/usr/bin/python3
else
  py=python3
fi

# Jupyter modules and the Debian package of each (same order).
MODULES=(nbclient nbconvert jupyter_client ipykernel nbformat)
MODULE_DEBS=(python3-nbclient jupyter-nbconvert jupyter-client python3-ipykernel python3-nbformat)

# Prints "missing <module>" for each module that does not import, then "probe-ok".
PY_PROBE='
import importlib, sys
for m in sys.argv[1:]:
    try:
        importlib.import_module(m)
    except Exception:
        print("missing " + m)
print("probe-ok")
'

missing=()   # one human-readable line per missing component
debs=()      # Debian packages that would provide them
ready=()     # what is present, for the one-line summary
pip_hint=""  # set when the notebooks' python is not Debian's

add_deb() {
  local d
  for d in ${debs[@]+"${debs[@]}"}; do
    if [ "$d" = "$1" ]; then return 0; fi
  done
  debs+=("$1")
}

check_jupyter() {
  local out="" status=0 line m i lost=()
  out=$("$py" -c "$PY_PROBE" "${MODULES[@]}" 2>/dev/null) || status=$?
  case "$out" in
    *probe-ok*)
      while IFS= read -r line; do
        case "$line" in missing\ *) lost+=("${line#missing }") ;; esac
      done <<<"$out"
      ;;
    *)
      # python itself did not run (absent, or broken): every module counts as missing
      lost=("${MODULES[@]}")
      missing+=("Python: $py did not run (exit status $status)")
      ;;
  esac
  if [ ${#lost[@]} -eq 0 ]; then
    ready+=("Jupyter ($py)")
    return 0
  fi
  missing+=("Jupyter modules not importable by $py: ${lost[*]}")
  if [ "$own_python" = yes ]; then
    pip_hint="$py -m pip install ${lost[*]}"
    return 0
  fi
  for m in "${lost[@]}"; do
    for i in "${!MODULES[@]}"; do
      if [ "${MODULES[$i]}" = "$m" ]; then add_deb "${MODULE_DEBS[$i]}"; fi
    done
  done
}

check_chromium() {
  local c found=""
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    if [ -f "$CHROMIUM_PATH" ] && [ -x "$CHROMIUM_PATH" ]; then
      ready+=("Chromium ($CHROMIUM_PATH)")
      return 0
    fi
    printf 'setup-system: note: CHROMIUM_PATH=%s is not an executable file; looking for chromium instead\n' "$CHROMIUM_PATH" >&2
  fi
  for c in chromium chromium-browser google-chrome; do
    found=$(command -v "$c" 2>/dev/null) || found=""
    if [ -n "$found" ]; then
      ready+=("Chromium ($found)")
      return 0
    fi
  done
  missing+=("Chromium: no chromium, chromium-browser or google-chrome on PATH, and CHROMIUM_PATH not set")
  add_deb chromium
}

check_fonts() {
  local families="" line status=""
  if command -v fc-list >/dev/null 2>&1; then
    families=$(fc-list : family 2>/dev/null) || families=""
    shopt -s nocasematch
    while IFS= read -r line; do
      if [[ "$line" == *"Noto Sans CJK"* || "$line" == *"Noto Sans SC"* ]]; then
        shopt -u nocasematch
        ready+=("CJK fonts (${line%%,*})")
        return 0
      fi
    done <<<"$families"
    shopt -u nocasematch
  fi
  if command -v dpkg-query >/dev/null 2>&1; then
    status=$(dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null) || status=""
    if [ "$status" = "install ok installed" ]; then
      ready+=("CJK fonts (fonts-noto-cjk installed)")
      return 0
    fi
  fi
  missing+=("CJK fonts: no Noto Sans CJK family in fc-list, and the fonts-noto-cjk package is not installed")
  add_deb fonts-noto-cjk
}

check_all() {
  missing=()
  debs=()
  ready=()
  pip_hint=""
  check_jupyter
  check_chromium
  check_fonts
}

join_by() {
  local sep="$1" out="" x
  shift
  for x in "$@"; do out="${out:+$out$sep}$x"; done
  printf '%s' "$out"
}

report_missing() { # $1: stream (1 or 2)
  local m
  for m in "${missing[@]}"; do printf 'setup-system: missing: %s\n' "$m" >&"$1"; done
}

check_all

if [ ${#missing[@]} -eq 0 ]; then
  printf 'setup-system: system ready: %s\n' "$(join_by ', ' "${ready[@]}")"
  exit 0
fi

if [ "$mode" = check ]; then
  report_missing 1
  [ ${#debs[@]} -eq 0 ] || printf 'setup-system: would install (Debian/Ubuntu): %s\n' "${debs[*]}"
  [ -z "$pip_hint" ] || printf 'setup-system: would need: %s\n' "$pip_hint"
  exit 1
fi

uid=$(id -u 2>/dev/null) || uid=""
have_apt=no
if command -v apt-get >/dev/null 2>&1; then have_apt=yes; fi

if [ "$uid" = 0 ] && [ "$have_apt" = yes ] && [ ${#debs[@]} -gt 0 ]; then
  report_missing 1
  printf 'setup-system: installing with apt-get: %s\n' "${debs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  log="${TMPDIR:-/tmp}/coupling-coordination-apt.log"
  : >"$log"
  # wait (up to 10 minutes) for a dpkg lock held by another apt process instead of failing at once
  if ! apt-get -o DPkg::Lock::Timeout=600 update -qq >>"$log" 2>&1 ||
    ! apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${debs[@]}" >>"$log" 2>&1; then
    printf 'setup-system: apt-get failed; the last lines of %s:\n' "$log" >&2
    lines=()
    while IFS= read -r line; do lines+=("$line"); done <"$log"
    start=$((${#lines[@]} > 20 ? ${#lines[@]} - 20 : 0))
    for ((k = start; k < ${#lines[@]}; k++)); do printf '%s\n' "${lines[$k]}" >&2; done
    exit 1
  fi
  check_all
  if [ ${#missing[@]} -eq 0 ]; then
    printf 'setup-system: installed; system ready: %s\n' "$(join_by ', ' "${ready[@]}")"
    exit 0
  fi
  printf 'setup-system: still missing after apt-get install:\n' >&2
  report_missing 2
  [ -z "$pip_hint" ] || printf 'setup-system: install them with: %s\n' "$pip_hint" >&2
  exit 1
fi

report_missing 2
if [ ${#debs[@]} -gt 0 ] && [ "$have_apt" = yes ] && [ "$uid" != 0 ]; then
  printf 'setup-system: not root, so not installing. Install, then rerun:\n  sudo apt-get install %s\n' "${debs[*]}" >&2
fi
[ -z "$pip_hint" ] || printf 'setup-system: PYTHON=%s is not the system python; install Jupyter into it, then rerun:\n  %s\n' "$py" "$pip_hint" >&2
if [ "$have_apt" = no ]; then
  printf '%s\n' \
    "setup-system: no apt-get here (not Debian/Ubuntu), so nothing can be installed automatically." \
    "  macOS / Windows: use Anaconda or pip for Jupyter (pip install jupyterlab nbclient nbconvert), then" \
    "                   npx tslab install --user   and   jupyter lab" \
    "                   set PYTHON=<your python with Jupyter> for npm run reproduce / npm test;" \
    "                   install Google Chrome or Chromium and set CHROMIUM_PATH for PNG figures." >&2
fi
exit 1
