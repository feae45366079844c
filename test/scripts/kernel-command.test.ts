// The package's command `coupling-coordination kernel install` (bin/coupling-coordination.mjs) and
// the module it shares with scripts/run-notebooks.mjs (bin/kernel.mjs): usage errors, a project
// without tslab, and a registration into a temporary prefix whose kernel.json starts this clone's
// node_modules/.bin/tslab by its absolute path. The whole path in a fresh folder (npm pack, npm
// install, a notebook) is test/e2e/own-project.test.ts.
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const cli = join(root, "bin", "coupling-coordination.mjs");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const python = process.env.PYTHON || (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const tmp = realpathSync(mkdtempSync(join(tmpdir(), "cc-kernel-cmd-")));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, JUPYTER_PATH: "" } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe("coupling-coordination (the package's command)", () => {
  it("is the package's bin, shipped in the tarball", () => {
    expect(pkg.bin).toEqual({ "coupling-coordination": "bin/coupling-coordination.mjs" });
    expect(pkg.files).toContain("bin");
    expect(readFileSync(cli, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("prints its version and help", () => {
    expect(run(["--version"])).toMatchObject({ status: 0, out: `${pkg.version}\n` });
    const h = run(["--help"]);
    expect(h.status).toBe(0);
    expect(h.out).toContain("coupling-coordination kernel install [--prefix DIR | --user] [--python PY] [--project DIR]");
  });

  it("refuses bad usage with exit status 2, naming what is wrong", () => {
    expect(run([]).status).toBe(2);
    expect(run(["kernal", "install"])).toMatchObject({ status: 2, err: expect.stringContaining('unknown command "kernal"') });
    expect(run(["kernel"])).toMatchObject({ status: 2, err: expect.stringContaining('unknown kernel subcommand ""') });
    expect(run(["kernel", "install", "--prefix"])).toMatchObject({ status: 2, err: expect.stringContaining("--prefix needs a value") });
    expect(run(["kernel", "install", "--user", "--prefix", tmp])).toMatchObject({ status: 2, err: expect.stringContaining("--prefix and --user exclude each other") });
    expect(run(["kernel", "install", "--prefx", tmp])).toMatchObject({ status: 2, err: expect.stringContaining('unknown option "--prefx"') });
  });

  it("says how to add tslab when the project has none (exit 1)", () => {
    const r = run(["kernel", "install", "--project", tmp, "--prefix", join(tmp, "p")]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`no tslab installed for ${tmp}`);
    expect(r.err).toContain(`"tslab": "${pkg.devDependencies.tslab}"`);
    expect(existsSync(join(tmp, "p"))).toBe(false);
  });

  it("refuses a python without Jupyter (exit 1)", () => {
    const r = run(["kernel", "install", "--prefix", join(tmp, "q"), "--python", process.execPath]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`${process.execPath} cannot import jupyter_client`);
  });

  it("registers the kernel in a prefix with the absolute path of the project's tslab", () => {
    const prefix = join(tmp, "prefix");
    const r = run(["kernel", "install", "--prefix", prefix, "--python", python]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    const dataDir = join(prefix, "share", "jupyter");
    expect(r.out).toContain(`export JUPYTER_PATH="${dataDir}"`);
    const kernel = JSON.parse(readFileSync(join(dataDir, "kernels", "tslab", "kernel.json"), "utf8"));
    expect(kernel).toEqual({
      argv: [join(root, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
      display_name: "TypeScript",
      language: "typescript",
    });
  });
});

describe("bin/kernel.mjs (shared with scripts/run-notebooks.mjs)", () => {
  it("finds this clone's tslab and refuses a relative prefix or binary", async () => {
    const k = await import(join(root, "bin", "kernel.mjs") as string);
    const tslab = k.findTslab(root);
    expect(tslab.binary).toBe(join(root, "node_modules", ".bin", "tslab"));
    expect(tslab.version).toBe(pkg.devDependencies.tslab);
    expect(k.TSLAB_VERSION).toBe(pkg.devDependencies.tslab);
    expect(pkg.peerDependencies.tslab).toBe(`^${k.TSLAB_VERSION}`);
    expect(k.findTslab(tmp)).toBeNull();
    expect(() => k.registerKernel({ tslab, python, prefix: "relative/prefix" })).toThrow(/prefix must be an absolute folder, got relative\/prefix/);
    expect(() => k.registerKernel({ tslab: { ...tslab, binary: "tslab" }, python, prefix: tmp })).toThrow(/absolute path that exists, got tslab/);
    expect(() => k.registerKernel({ tslab, python, prefix: tmp, user: true })).toThrow(k.KernelSetupError);
  });

  it("leaves a registration that already starts the binary alone when asked to reuse it", async () => {
    const k = await import(join(root, "bin", "kernel.mjs") as string);
    const tslab = k.findTslab(root);
    const prefix = join(tmp, "reuse");
    const first = k.registerKernel({ tslab, python, prefix });
    expect(first.reused).toBe(false);
    expect(k.registeredBinary(prefix)).toBe(tslab.binary);
    expect(k.registerKernel({ tslab, python, prefix, reuse: true }).reused).toBe(true);
  });
});
