"""Execute a notebook through the real Jupyter kernel protocol, or export notebooks to HTML.

Usage:
  notebook_exec.py execute IN.ipynb OUT.ipynb KERNEL TIMEOUT
      Runs every code cell with nbclient in the notebook's own folder, stopping at the first
      error. A cell that writes to stderr counts as failed (tslab reports errors on stderr only).
      Prints {"kernel_ready": true} as soon as the kernel answers. Writes the executed notebook
      (also on failure) and prints one more JSON line, the result:
      {"cells": N, "ran": K, "seconds": S, "kernel_seconds": K0, "ok": bool, "error_cell": i,
       "message": "FrameError: ...", "error": "..."}
      `error` is the failing cell's whole error text (tslab's stderr: often a "file:line" location,
      the source line and a caret before "Name: message" and the stack); `message` is the error's
      message line from it (error_message), never a bare stack frame. `seconds` is the whole run,
      `kernel_seconds` the part spent starting the kernel.
      The notebook written holds no timing: nbclient's timestamps (cell metadata "execution") are
      not recorded, and any volatile field left is removed (strip_volatile), so two runs of the
      same notebook on the same checkout write the same bytes and a reviewer can diff them.
  notebook_exec.py html IN.ipynb OUT.html
      nbconvert's HTML exporter (lab template), one page.
  notebook_exec.py serve
      HTML exports for many notebooks in one process (nbconvert imported and its template loaded
      once): prints {"ready": true, "seconds": s} when nbconvert is loaded, then reads one JSON
      request a line on stdin, {"id": ..., "nb": {notebook}}, and answers each with one JSON line
      on stdout, {"id": ..., "ok": true, "html": "...", "seconds": s} or
      {"id": ..., "ok": false, "error": "..."}, until stdin closes.
"""
import json
import os
import re
import sys
import time

import nbformat


def first_failure(cell):
    """The error text of a cell: its first error output (name: value and traceback), else all it
    wrote to stderr (a kernel may send a cell's stderr in several stream messages), else None."""
    stderr = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            head = (out.get("ename", "") + ": " + out.get("evalue", "")).strip(": ") or "error"
            trace = "\n".join(out.get("traceback", []) or [])
            return head + ("\n" + trace if trace and head not in trace else "")
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            stderr.append(out.get("text", ""))
    if stderr:
        return "".join(stderr).strip() or "(empty stderr)"
    return None


# "FrameError: ...", "TypeError [ERR_X]: ...", "Error: ...", "Uncaught RangeError: ..."
ERROR_LINE = re.compile(r"^\s*(?:Uncaught\s+)?[A-Za-z_$][\w$.]*(?:Error|Exception)(?:\s*\[[^\]]*\])?:(?:\s|$)")
# Node's header of an uncaught error: "file:line" (or "file:line:col"), then the source line, a caret
LOCATION_LINE = re.compile(r"^\S+:\d+(?::\d+)?$")
CARET_LINE = re.compile(r"^\s*\^+\s*$")
FRAME_LINE = re.compile(r"^\s*at\s")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def error_message(text):
    """The message line of a kernel's error text: the first "Name: message" line; failing that,
    the first line that is neither Node's location header (file:line, the source line after it, a
    caret line) nor a stack frame; failing that, the first non-empty line."""
    lines = [ANSI.sub("", line).rstrip() for line in str(text or "").splitlines()]
    for line in lines:
        if ERROR_LINE.match(line):
            return line.strip()
    skip_source = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if LOCATION_LINE.match(stripped):
            skip_source = True  # the next line echoes the source
            continue
        if skip_source:
            skip_source = False
            continue
        if CARET_LINE.match(line) or FRAME_LINE.match(line):
            continue
        return stripped
    return next((line.strip() for line in lines if line.strip()), "error")


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
        startup_timeout=90,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": folder}},
    )
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    result = {"cells": len(code_cells), "ran": 0, "ok": True, "error_cell": None, "message": None, "error": None}
    t0 = time.time()
    result["kernel_seconds"] = None
    try:
        with client.setup_kernel():
            result["kernel_seconds"] = round(time.time() - t0, 2)
            # for a runner that starts kernels one at a time (scripts/run-notebooks.mjs)
            print(json.dumps({"kernel_ready": True}), flush=True)
            for n, index in enumerate(code_cells, start=1):
                cell = nb.cells[index]
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                    result["ran"] = n
                    text = first_failure(cell) or f"{type(e).__name__}: {str(e).strip() or 'error'}"
                    result.update(ok=False, error_cell=n, error=text)
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
    if result["error"] is not None:
        result["message"] = error_message(result["error"])
    result["seconds"] = round(time.time() - t0, 2)
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


def serve():
    t_import = time.time()
    from nbconvert import HTMLExporter
    from nbconvert.exporters.exporter import Exporter
    from nbformat.v4.rwbase import rejoin_lines, strip_transient

    # nbconvert re-validates the notebook after each of its ~10 preprocessors, compiling the JSON
    # schema anew each time: most of an export's time (0.7 of 1 s for a paper notebook). The
    # notebooks served here were just written by nbformat's writer, so that is skipped.
    if hasattr(Exporter, "_validate_preprocessor"):
        Exporter._validate_preprocessor = lambda self, nbc, preprocessor: None
    exporter = HTMLExporter(template_name="lab")
    out = sys.stdout
    out.write(json.dumps({"ready": True, "seconds": round(time.time() - t_import, 3)}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        rid = None
        t0 = time.time()
        try:
            request = json.loads(line)
            rid = request.get("id")
            # as nbformat's reader does (lists of lines rejoined), without its schema validation
            nb = strip_transient(rejoin_lines(nbformat.from_dict(request["nb"])))
            body, _ = exporter.from_notebook_node(nb)
            reply = {"id": rid, "ok": True, "html": body, "seconds": round(time.time() - t0, 3)}
        except Exception as e:  # a bad notebook fails its own request, not the others
            reply = {"id": rid, "ok": False, "error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    if sys.argv[1] == "execute":
        execute(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif sys.argv[1] == "html":
        html(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "serve":
        serve()
    else:
        sys.exit("usage: notebook_exec.py execute|html|serve ...")
