// Registering the tslab (TypeScript) Jupyter kernel with an absolute path to its binary.
//
// Shared by the package's own command (bin/coupling-coordination.mjs, which registers the kernel
// in a user's project) and the project's notebook runner (scripts/run-notebooks.mjs, which
// registers it into the clone's .jupyter/). Both run tslab's own installer:
//
//   tslab install --python=PY --binary=/abs/node_modules/.bin/tslab --prefix=PREFIX   (or --user)
//
// The point of the absolute --binary: tslab's default writes a bare "tslab" into kernel.json, so
// Jupyter can start the kernel only when some node_modules/.bin happens to be on its PATH
// (otherwise nbconvert / nbclient fail with FileNotFoundError: 'tslab').
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, parse, resolve } from "node:path";

/** The kernel name tslab registers (and the name to give nbclient / nbconvert). */
export const KERNEL_NAME = "tslab";

/** The tslab version the library is tested with (package.json peerDependencies, README). */
export const TSLAB_VERSION = "1.0.22";

/** Bad input or a failed step while registering the kernel; the message says what to do. */
export class KernelSetupError extends Error {
  name = "KernelSetupError";
}

const WIN = process.platform === "win32";

/** `<prefix>/share/jupyter`: the folder to put on JUPYTER_PATH for a kernel registered in `prefix`. */
export function jupyterDataDir(prefix) {
  return join(prefix, "share", "jupyter");
}

/** `<prefix>/share/jupyter/kernels/tslab/kernel.json`. */
export function kernelJsonPath(prefix) {
  return join(jupyterDataDir(prefix), "kernels", KERNEL_NAME, "kernel.json");
}

/**
 * The tslab installed for a project folder: `{ binary, script, version, project }`, where `binary` is
 * the absolute path written into kernel.json (`<project>/node_modules/.bin/tslab`, `tslab.cmd` on
 * Windows, when npm linked it there; else tslab's own bin file) and `script` its JavaScript entry,
 * run with this Node. `null` when no tslab resolves from `projectDir`.
 */
export function findTslab(projectDir) {
  let pkgJson;
  try {
    pkgJson = createRequire(join(resolve(projectDir), "noop.js")).resolve("tslab/package.json");
  } catch {
    return null;
  }
  const pkgDir = dirname(pkgJson);
  const pkg = JSON.parse(readFileSync(pkgJson, "utf8"));
  const rel = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.tslab;
  if (!rel) return null;
  const script = join(pkgDir, rel);
  // the .bin folder of the node_modules that holds tslab (the project's own, normally)
  const dotBin = join(dirname(pkgDir), ".bin", WIN ? "tslab.cmd" : "tslab");
  let binary = script;
  if (existsSync(dotBin)) binary = dotBin;
  else if (WIN) return null; // Windows cannot start the script itself: npm's tslab.cmd is needed
  return { binary, script, version: pkg.version, project: dirname(dirname(pkgDir)) };
}

/** The binary a kernel.json in `prefix` starts (its argv[0]), or null when there is none. */
export function registeredBinary(prefix) {
  const file = kernelJsonPath(prefix);
  if (!existsSync(file)) return null;
  try {
    const argv = JSON.parse(readFileSync(file, "utf8")).argv;
    return Array.isArray(argv) && typeof argv[0] === "string" ? argv[0] : null;
  } catch {
    return null;
  }
}

/** Does `python` import jupyter_client (what tslab's installer needs)? */
export function pythonHasJupyter(python) {
  const r = spawnSync(python, ["-c", "import jupyter_client"], { encoding: "utf8" });
  return r.status === 0;
}

/**
 * The python to register the kernel with, when none is named: `$PYTHON`; the python of the
 * `jupyter` command on PATH (its `#!` line); `python3`; `python`; `/usr/bin/python3`: the first that
 * imports jupyter_client. `{ python, tried }`; `python` is null when none does.
 */
export function choosePython(env = process.env) {
  const candidates = [];
  if (env.PYTHON) candidates.push(env.PYTHON);
  const jupyter = onPath("jupyter", env);
  if (jupyter && !WIN) {
    try {
      const first = readFileSync(jupyter, "utf8").slice(0, 300).split("\n")[0];
      const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
      if (m) candidates.push(m[1].endsWith("/env") && m[2] ? m[2] : m[1]);
    } catch {
      // not a script: skip
    }
  }
  candidates.push(...(WIN ? ["python", "py"] : ["python3", "python", "/usr/bin/python3"]));
  const tried = [...new Set(candidates)];
  for (const p of tried) if (pythonHasJupyter(p)) return { python: p, tried };
  return { python: null, tried };
}

function onPath(cmd, env) {
  for (const dir of (env.PATH ?? "").split(WIN ? ";" : ":")) {
    if (!dir) continue;
    for (const ext of WIN ? [".exe", ".cmd", ""] : [""]) {
      const p = join(dir, cmd + ext);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/**
 * Registers the tslab kernel by tslab's own installer, with an absolute binary:
 * `tslab install --python=PY --binary=BINARY --prefix=PREFIX` (or `--user` instead of a prefix).
 *
 * - `tslab`: a `findTslab` result (its `binary` must be an absolute path that exists).
 * - `prefix`: an absolute folder; the kernel goes to `<prefix>/share/jupyter/kernels/tslab/`.
 *   `user: true` instead registers into the per-user Jupyter folder (no prefix).
 * - `reuse: true` leaves an existing prefix registration alone when it already starts `binary`.
 *
 * Returns `{ kernelJson, dataDir, binary, python, reused, output }`; `kernelJson` / `dataDir` are
 * null for `user` (Jupyter's own user folder). Throws KernelSetupError with tslab's output when the
 * installer fails, or when the kernel.json it wrote does not start `binary`.
 */
export function registerKernel({ tslab, python, prefix, user = false, reuse = false, env = process.env }) {
  if (!tslab || !isAbsolute(tslab.binary) || !existsSync(tslab.binary)) {
    throw new KernelSetupError(`registerKernel: the tslab binary must be an absolute path that exists, got ${tslab?.binary}`);
  }
  if (!python) throw new KernelSetupError("registerKernel: no python given (one that imports jupyter_client)");
  if (user && prefix) throw new KernelSetupError("registerKernel: give a prefix or user, not both");
  if (!user && (!prefix || !isAbsolute(prefix))) {
    throw new KernelSetupError(`registerKernel: the prefix must be an absolute folder, got ${prefix}`);
  }
  const kernelJson = user ? null : kernelJsonPath(prefix);
  const dataDir = user ? null : jupyterDataDir(prefix);
  if (reuse && !user && registeredBinary(prefix) === tslab.binary) {
    return { kernelJson, dataDir, binary: tslab.binary, python, reused: true, output: "" };
  }
  const args = [tslab.script, "install", `--python=${python}`, `--binary=${tslab.binary}`, user ? "--user" : `--prefix=${prefix}`];
  const r = spawnSync(process.execPath, args, { env, encoding: "utf8", maxBuffer: 1 << 24 });
  const output = ((r.stdout ?? "") + (r.stderr ?? "")).trim();
  if (r.error || r.status !== 0) {
    const hint = pythonHasJupyter(python)
      ? ""
      : `\n${python} cannot import jupyter_client: install Jupyter into it (pip install jupyterlab) or name another python.`;
    throw new KernelSetupError(`tslab install failed (exit ${r.status ?? r.error?.message}):\n${output}${hint}`);
  }
  if (!user && registeredBinary(prefix) !== tslab.binary) {
    throw new KernelSetupError(`tslab install ran, but ${kernelJson} does not start ${tslab.binary}:\n${output}`);
  }
  return { kernelJson, dataDir, binary: tslab.binary, python, reused: false, output };
}

/**
 * The project folder for a command run in `cwd`: the nearest folder at or above `cwd` from which
 * tslab resolves (its node_modules holds tslab), else null.
 */
export function findProject(cwd) {
  let dir = resolve(cwd);
  const { root } = parse(dir);
  for (;;) {
    if (existsSync(join(dir, "node_modules", "tslab", "package.json"))) return realpathSync(dir);
    if (dir === root) return null;
    dir = dirname(dir);
  }
}
