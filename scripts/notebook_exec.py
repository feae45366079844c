"""Execute a notebook through the real Jupyter kernel protocol, or export one to HTML.

Usage:
  notebook_exec.py execute IN.ipynb OUT.ipynb KERNEL TIMEOUT
      Runs every code cell with nbclient in the notebook's own folder, stopping at the first
      error. A cell that writes to stderr counts as failed (tslab reports errors on stderr only).
      Writes the executed notebook (also on failure) and prints one JSON line:
      {"cells": N, "ran": K, "seconds": S, "ok": bool, "error_cell": i, "error": "..."}
      The notebook written holds no timing: nbclient's timestamps (cell metadata "execution") are
      not recorded, and any volatile field left is removed (strip_volatile), so two runs of the
      same notebook on the same checkout write the same bytes and a reviewer can diff them.
  notebook_exec.py html IN.ipynb OUT.html
      nbconvert's HTML exporter (lab template), one self-contained page.
"""
import json
import os
import sys
import time

import nbformat


def first_failure(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return (out.get("ename", "") + ": " + out.get("evalue", "")).strip(": ") or "error"
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            return out.get("text", "").strip() or "(empty stderr)"
    return None


# Cell metadata that changes from run to run without the content changing: nbclient's
# "execution" (iopub.status.busy / idle, shell.execute_reply timestamps) and the run-time fields
# other front ends record (JupyterLab's execution timing, papermill's). The seconds a run took
# are reported on stdout, never written into the notebook.
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "papermill")
VOLATILE_NOTEBOOK_METADATA = ("papermill",)


def strip_volatile(nb):
    """Remove timing and other run-dependent metadata from a notebook (in place); returns it."""
    for key in VOLATILE_NOTEBOOK_METADATA:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
    return nb


def execute(src, dst, kernel, timeout):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(src, as_version=4)
    folder = os.path.dirname(os.path.abspath(src))
    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        startup_timeout=180,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": folder}},
    )
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    result = {"cells": len(code_cells), "ran": 0, "ok": True, "error_cell": None, "error": None}
    t0 = time.time()
    try:
        with client.setup_kernel():
            for n, index in enumerate(code_cells, start=1):
                cell = nb.cells[index]
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                    result["ran"] = n
                    msg = first_failure(cell) or str(e).strip().splitlines()[-1:] or ["error"]
                    result.update(ok=False, error_cell=n, error=msg if isinstance(msg, str) else msg[0])
                    break
                result["ran"] = n
                if cell.get("execution_count") is None:
                    cell["execution_count"] = n  # tslab sends no execute_input: number cells in run order
                failure = first_failure(cell)
                if failure is not None:
                    result.update(ok=False, error_cell=n, error=failure)
                    break
    except Exception as e:  # kernel did not start, etc.
        result.update(ok=False, error=f"{type(e).__name__}: {e}")
    result["seconds"] = round(time.time() - t0, 1)
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    nbformat.write(strip_volatile(nb), dst)
    print(json.dumps(result, ensure_ascii=False))


def html(src, dst):
    from nbconvert import HTMLExporter

    nb = nbformat.read(src, as_version=4)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(body)
    print(json.dumps({"ok": True, "bytes": len(body.encode("utf-8"))}))


if __name__ == "__main__":
    if sys.argv[1] == "execute":
        execute(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif sys.argv[1] == "html":
        html(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: notebook_exec.py execute|html ...")
