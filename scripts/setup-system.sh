#!/usr/bin/env bash
# System packages the notebooks need, installed from Debian's packages (never from an npm hook):
#   Jupyter (nbclient, nbconvert, jupyter_client, ipykernel) for the real kernel protocol,
#   Chromium for rendering figures to PNG/SVG and checking the exported HTML,
#   Noto CJK fonts so that Chinese labels draw in images.
# Run as root on Debian/Ubuntu (npm run setup:system). Elsewhere it prints what to install.
set -euo pipefail

PY=/usr/bin/python3
DEBS=(jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel python3-nbformat chromium fonts-noto-cjk)

have_jupyter() { [ -x "$PY" ] && "$PY" -c "import nbclient, nbconvert, jupyter_client, ipykernel, nbformat" >/dev/null 2>&1; }
have_chromium() { command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; }
have_fonts() { fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; }

if have_jupyter && have_chromium && have_fonts; then
  echo "setup-system: Jupyter, Chromium and CJK fonts are present."
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: installing ${DEBS[*]} with apt-get (a few minutes on a fresh machine)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${DEBS[@]}" >/tmp/coupling-coordination-apt.log 2>&1 || {
    echo "setup-system: apt-get install failed; the last lines of /tmp/coupling-coordination-apt.log:" >&2
    tail -20 /tmp/coupling-coordination-apt.log >&2
    exit 1
  }
  have_jupyter || { echo "setup-system: Jupyter still not importable by $PY after install." >&2; exit 1; }
  echo "setup-system: done."
  exit 0
fi

cat >&2 <<MSG
setup-system: missing system packages, and this shell cannot install them (not root, or no apt-get).
Install, then rerun:
  Debian/Ubuntu:   sudo apt-get install ${DEBS[*]}
  macOS / Windows: use Anaconda or pip for Jupyter (pip install jupyterlab nbclient nbconvert), then
                   npx tslab install --user   and   jupyter lab
                   set PYTHON=<your python with Jupyter> for npm run reproduce / npm test;
                   install Google Chrome or Chromium and set CHROMIUM_PATH for PNG figures.
MSG
exit 1
