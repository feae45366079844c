/** What a notebook's numbers rest on: library version and commit, data files, conventions. */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, readFileSync, statSync } from "fs";
import { relative } from "path";
import { packageRoot } from "../data/paths";
import { makeResult, Row, TableResult } from "./results";

export interface ProvenanceOptions {
  /** Data files the notebook reads (their SHA-256 and size are listed). */
  files?: string[];
  /** Conventions in force, e.g. `{ "ln 0": "0 ln 0 := 0", panel: "pooled", model: "classic", Hainan: "linked to Guangdong", seed: 20240917 }`. */
  conventions?: Record<string, string | number | boolean>;
}

function gitCommit(root: string): string {
  try {
    const commit = execFileSync("git", ["-C", root, "rev-parse", "--short=12", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["-C", root, "status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return commit + (dirty ? " (with uncommitted changes)" : "");
  } catch {
    return "unknown (not a git checkout)";
  }
}

/** SHA-256 of a file, hex. */
export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * A small table for the top of every notebook: library version and commit, Node and danfo
 * versions, each data file with its SHA-256, and the conventions in force.
 *
 * @example
 * cc.showTable(cc.provenance({ files: [panelPath, spec], conventions: { panel: "pooled" } }));
 */
export function provenance(options: ProvenanceOptions = {}): TableResult {
  return makeResult<TableResult>("provenance", provenanceRows(options), { unit: "", time: "" }, {});
}

function provenanceRows(options: ProvenanceOptions = {}): Row[] {
  const root = packageRoot();
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
  const version = (name: string) => {
    try {
      return JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [root] }), "utf8")).version as string;
    } catch {
      return "not installed";
    }
  };
  const out: Row[] = [
    { item: "library 库", value: `${pkg.name} ${pkg.version}` },
    { item: "commit 提交", value: gitCommit(root) },
    { item: "runtime 运行环境", value: `Node ${process.version}, danfojs-node ${version("danfojs-node")}, plotly.js ${version("plotly.js-dist-min")}` },
  ];
  for (const f of options.files ?? []) {
    if (!existsSync(f)) {
      out.push({ item: `data 数据: ${f}`, value: "MISSING" });
      continue;
    }
    const rel = relative(root, f);
    const shown = rel.startsWith("..") ? f : rel;
    out.push({ item: `data 数据: ${shown}`, value: `sha256 ${sha256File(f).slice(0, 16)}…, ${statSync(f).size} bytes` });
  }
  for (const [k, v] of Object.entries(options.conventions ?? {})) out.push({ item: `convention 约定: ${k}`, value: String(v) });
  return out;
}
