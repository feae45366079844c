#!/usr/bin/env node
// The package's own command. One job so far: register the TypeScript (tslab) Jupyter kernel for the
// project it is installed in, with an absolute path to that project's tslab, so that Jupyter,
// nbconvert and nbclient start the kernel whatever their PATH.
//
//   npx coupling-coordination kernel install [--prefix DIR | --user] [--python PY] [--project DIR]
//
// See `--help` below, and README.md ("Using the library in your own project").
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  KERNEL_NAME,
  KernelSetupError,
  TSLAB_VERSION,
  choosePython,
  findProject,
  findTslab,
  pythonHasJupyter,
  registerKernel,
} from "./kernel.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const version = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")).version;

const HELP = `coupling-coordination ${version}

Usage:
  coupling-coordination kernel install [--prefix DIR | --user] [--python PY] [--project DIR]
  coupling-coordination --version | --help

kernel install
  Registers the TypeScript kernel "${KERNEL_NAME}" (tslab) with an absolute path to the project's
  node_modules/.bin/tslab, by running tslab's own installer
  (tslab install --python=PY --binary=ABSOLUTE_TSLAB --prefix=DIR).

  --project DIR  the project whose node_modules holds tslab (default: the nearest folder at or
                 above the current one that has node_modules/tslab)
  --prefix DIR   where to register: DIR/share/jupyter/kernels/${KERNEL_NAME}/ (default: PROJECT/.jupyter).
                 Jupyter finds it when JUPYTER_PATH includes DIR/share/jupyter: the command prints
                 the line to use.
  --user         register into your per-user Jupyter folder instead (every Jupyter of yours sees it,
                 no JUPYTER_PATH needed; a later --user registration from another project replaces it)
  --python PY    a python that imports jupyter_client, used by tslab's installer (default: $PYTHON,
                 the python of the jupyter command on PATH, python3, python, /usr/bin/python3: the
                 first that imports jupyter_client)

Exit status: 0 registered, 1 failed (the message says why), 2 bad usage.
`;

function usage(message) {
  process.stderr.write(`coupling-coordination: ${message}\n(coupling-coordination --help for usage)\n`);
  process.exit(2);
}

function fail(message) {
  process.stderr.write(`coupling-coordination: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === "--help" || args[0] === "-h" || args[0] === "help") {
  process.stdout.write(HELP);
  process.exit(args.length === 0 ? 2 : 0);
}
if (args[0] === "--version" || args[0] === "-v") {
  process.stdout.write(version + "\n");
  process.exit(0);
}
if (args[0] !== "kernel") usage(`unknown command ${JSON.stringify(args[0])} (the command is "kernel install")`);
if (args[1] !== "install") usage(`unknown kernel subcommand ${JSON.stringify(args[1] ?? "")} (expected "kernel install")`);

const opt = { prefix: null, python: null, project: null, user: false };
for (let i = 2; i < args.length; i++) {
  const a = args[i];
  const eq = a.indexOf("=");
  const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
  const inline = a.startsWith("--") && eq > 0 ? a.slice(eq + 1) : undefined;
  const value = () => {
    if (inline !== undefined) return inline;
    const v = args[++i];
    if (v === undefined || v.startsWith("--")) usage(`${name} needs a value`);
    return v;
  };
  if (name === "--prefix") opt.prefix = resolve(value());
  else if (name === "--python") opt.python = value();
  else if (name === "--project") opt.project = resolve(value());
  else if (name === "--user" && inline === undefined) opt.user = true;
  else if (name === "--help" || name === "-h") {
    process.stdout.write(HELP);
    process.exit(0);
  } else usage(`unknown option ${JSON.stringify(a)}`);
}
if (opt.user && opt.prefix) usage("--prefix and --user exclude each other");

// 1. the project and its tslab
const project = opt.project ?? findProject(process.cwd());
const tslab = project ? findTslab(project) : null;
if (!tslab) {
  fail(
    `no tslab installed for ${project ?? process.cwd()}${opt.project ? "" : " (nor any folder above it)"}.\n` +
      `Add "tslab": "${TSLAB_VERSION}" to the dependencies of your package.json (next to coupling-coordination and danfojs-node), ` +
      `run npm install, then run this command again from that folder.`,
  );
}

// 2. the python for tslab's installer
let python = opt.python;
if (python) {
  if (!pythonHasJupyter(python)) fail(`${python} cannot import jupyter_client: install Jupyter into it (pip install jupyterlab), or name another with --python`);
} else {
  const chosen = choosePython();
  if (!chosen.python) {
    fail(`no python with Jupyter found (tried: ${chosen.tried.join(", ")}): install Jupyter (pip install jupyterlab) and pass --python /path/to/that/python`);
  }
  python = chosen.python;
}

// 3. register
const prefix = opt.user ? null : opt.prefix ?? join(project, ".jupyter");
let res;
try {
  res = registerKernel({ tslab, python, prefix, user: opt.user });
} catch (e) {
  if (e instanceof KernelSetupError) fail(e.message);
  throw e;
}

const lines = [
  `Registered the TypeScript kernel "${KERNEL_NAME}" (tslab ${tslab.version}) with python ${python}`,
  `  kernel binary: ${res.binary}`,
];
if (opt.user) {
  lines.push("  in your per-user Jupyter folder: jupyter lab (or nbconvert) finds it with no JUPYTER_PATH.");
} else {
  lines.push(
    `  kernel spec:   ${res.kernelJson}`,
    "",
    "Point Jupyter at it (in each shell you start Jupyter from):",
    `  export JUPYTER_PATH="${res.dataDir}"          # POSIX shells`,
    `  $env:JUPYTER_PATH = "${res.dataDir}"          # Windows PowerShell`,
    "then choose the \"TypeScript\" kernel in jupyter lab, or run a notebook headless with",
    `  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=${KERNEL_NAME} my-study.ipynb`,
  );
}
process.stdout.write(lines.join("\n") + "\n");
