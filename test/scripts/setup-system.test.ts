import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

/**
 * scripts/setup-system.sh run against stub commands: CC_SETUP_PATH replaces PATH inside the script,
 * so it sees only the stubs below (one directory per command, so that a test can leave a command
 * out). The apt-get stub records its calls to a file and never installs anything real.
 */

const script = resolve(__dirname, "../../scripts/setup-system.sh");
const bash = spawnSync("bash", ["-c", "command -v bash"], { encoding: "utf8" }).stdout.trim();

let root = "";
const COMMANDS = ["id", "python3", "fc-list", "dpkg-query", "chromium", "apt-get"] as const;
type Command = (typeof COMMANDS)[number];

// Every stub uses bash builtins only (the script's PATH holds nothing else).
const STUBS: Record<Command, string> = {
  id: `if [ "$1" = -u ]; then echo "\${STUB_UID:-1000}"; else echo "uid=\${STUB_UID:-1000}"; fi`,
  // answers the script's import probe: "missing <module>" for each module listed in STUB_PY_MISSING
  // whose Debian package the apt-get stub has not "installed", then "probe-ok"
  python3: `
[ -n "\${STUB_PY_BROKEN:-}" ] && exit 127
[ "$1" = -c ] || { echo "python3 stub: expected -c" >&2; exit 2; }
shift 2
installed=""; [ -f "$STUB_STATE/installed" ] && installed=$(<"$STUB_STATE/installed")
for m in "$@"; do
  case "$m" in
    nbclient) d=python3-nbclient ;; nbconvert) d=jupyter-nbconvert ;; jupyter_client) d=jupyter-client ;;
    ipykernel) d=python3-ipykernel ;; nbformat) d=python3-nbformat ;; *) d=none ;;
  esac
  case " \${STUB_PY_MISSING:-} " in
    *" $m "*) case "$installed" in *"$d"*) ;; *) echo "missing $m" ;; esac ;;
  esac
done
echo probe-ok`,
  // prints STUB_FC_PADDING lines of other families, with the Noto CJK family first when present
  "fc-list": `
installed=""; [ -f "$STUB_STATE/installed" ] && installed=$(<"$STUB_STATE/installed")
if [ -n "\${STUB_FONTS:-}" ] || [[ "$installed" == *fonts-noto-cjk* ]]; then
  echo "Noto Sans CJK SC,Noto Sans CJK SC Regular"
fi
for ((i = 0; i < \${STUB_FC_PADDING:-3}; i++)); do echo "DejaVu Sans,DejaVu Sans Condensed"; done`,
  "dpkg-query": `
pkg="\${!#}"
installed=""; [ -f "$STUB_STATE/installed" ] && installed=$(<"$STUB_STATE/installed")
case " \${STUB_DPKG_INSTALLED:-} $installed " in
  *" $pkg "*|*"$pkg"*) printf 'install ok installed'; exit 0 ;;
esac
echo "dpkg-query: no packages found matching $pkg" >&2
exit 1`,
  chromium: `exit 0`,
  "apt-get": `
echo "$*" >> "$STUB_STATE/apt-calls"
if [ -n "\${STUB_APT_FAIL:-}" ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)"
  exit 100
fi
seen=no
for a in "$@"; do
  if [ "$seen" = yes ] && [[ "$a" != -* ]] && [ -z "\${STUB_APT_NOOP:-}" ]; then echo "$a" >> "$STUB_STATE/installed"; fi
  [ "$a" = install ] && seen=yes
done
exit 0`,
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "cc-setup-system-"));
  for (const c of COMMANDS) {
    mkdirSync(join(root, `bin-${c}`));
    const f = join(root, `bin-${c}`, c);
    writeFileSync(f, `#!${bash}\n${STUBS[c]}\n`);
    chmodSync(f, 0o755);
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The apt-get stub's calls, one argument string each. */
  apt: string[];
  state: string;
}

let runCount = 0;
function run(args: string[], env: Record<string, string> = {}, omit: Command[] = []): Run {
  const state = join(root, `state-${++runCount}`);
  mkdirSync(state);
  const path = COMMANDS.filter((c) => !omit.includes(c))
    .map((c) => join(root, `bin-${c}`))
    .join(":");
  // a clean environment: nothing from the machine running the tests (PYTHON, CHROMIUM_PATH, PATH)
  const r = spawnSync(bash, [script, ...args], {
    env: { CC_SETUP_PATH: path, STUB_STATE: state, TMPDIR: state, ...env },
    encoding: "utf8",
  });
  const calls = join(state, "apt-calls");
  const apt = existsSync(calls) ? readFileSync(calls, "utf8").split("\n").filter((l) => l !== "") : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, apt, state };
}

const ALL_PRESENT = { STUB_FONTS: "1" };
const READY =
  /^setup-system: system ready: Jupyter \(python3\), Chromium \(.*\/bin-chromium\/chromium\), CJK fonts \(Noto Sans CJK SC\)\n$/;

describe("setup-system.sh: a present system is never touched", () => {
  it("--check: one 'system ready' line, exit 0, no apt-get", () => {
    const r = run(["--check"], ALL_PRESENT);
    expect(r.stdout).toMatch(READY);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.apt).toEqual([]);
  });

  it("as root without --check: the same line, exit 0, and apt-get is never called", () => {
    const r = run([], { ...ALL_PRESENT, STUB_UID: "0" });
    expect(r.stdout).toMatch(READY);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.apt).toEqual([]);
  });

  it("a long fc-list output (the SIGPIPE case of `fc-list | grep -q`): present on every one of 10 runs", () => {
    // grep -q used to exit at the first match and fc-list died of SIGPIPE (status 141) under
    // pipefail, so the fonts looked missing and root ran apt-get (with this stub, the old
    // `fc-list | grep -qi "Noto Sans CJK"` said missing 20 times in 20); now the output is captured whole
    for (let i = 0; i < 10; i++) {
      const r = run([], { ...ALL_PRESENT, STUB_UID: "0", STUB_FC_PADDING: "5000" });
      expect(r.stdout).toMatch(READY);
      expect(r.status).toBe(0);
      expect(r.apt).toEqual([]);
    }
  });

  it("the script's commands have no `| grep` pipeline (comments aside)", () => {
    const code = readFileSync(script, "utf8")
      .split("\n")
      .filter((l) => !/^\s*#/.test(l));
    expect(code.length).toBeGreaterThan(100);
    expect(code.filter((l) => /\|\s*grep/.test(l))).toEqual([]);
  });
});

describe("setup-system.sh: something missing", () => {
  it("--check with the fonts absent: says what and which package, exit 1, no apt-get (even as root)", () => {
    const r = run(["--check"], { STUB_UID: "0" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      "setup-system: missing: CJK fonts: no Noto Sans CJK family in fc-list, and the fonts-noto-cjk package is not installed\n" +
        "setup-system: would install (Debian/Ubuntu): fonts-noto-cjk\n",
    );
    expect(r.apt).toEqual([]);
  });

  it("as root with the fonts absent: names the package, then installs exactly it, then reports ready", () => {
    const r = run([], { STUB_UID: "0" });
    expect(r.stdout).toContain("setup-system: installing with apt-get: fonts-noto-cjk\n");
    expect(r.apt).toEqual([
      "-o DPkg::Lock::Timeout=600 update -qq",
      "-o DPkg::Lock::Timeout=600 install -y -qq fonts-noto-cjk",
    ]);
    expect(r.stdout).toMatch(/setup-system: installed; system ready: .*CJK fonts \(Noto Sans CJK SC\)\n$/);
    expect(r.status).toBe(0);
  });

  it("as root, when apt-get fails (dpkg lock): the package was named first, then apt's last lines, exit 1", () => {
    const r = run([], { STUB_UID: "0", STUB_APT_FAIL: "1" });
    expect(r.stdout).toContain("installing with apt-get: fonts-noto-cjk");
    expect(r.stderr).toContain("setup-system: apt-get failed; the last lines of");
    expect(r.stderr).toContain("E: Could not get lock /var/lib/dpkg/lock-frontend");
    expect(r.apt).toEqual(["-o DPkg::Lock::Timeout=600 update -qq"]);
    expect(r.status).toBe(1);
  });

  it("as root, when the install leaves the fonts missing: says so and exits 1", () => {
    const r = run([], { STUB_UID: "0", STUB_APT_NOOP: "1" });
    expect(r.apt.length).toBe(2);
    expect(r.stderr).toContain("setup-system: still missing after apt-get install:\nsetup-system: missing: CJK fonts");
    expect(r.status).toBe(1);
  });

  it("not root: prints the exact sudo line and stops, without apt-get", () => {
    const r = run([], { STUB_UID: "1000" });
    expect(r.stderr).toContain("setup-system: not root, so not installing. Install, then rerun:\n  sudo apt-get install fonts-noto-cjk\n");
    expect(r.status).toBe(1);
    expect(r.apt).toEqual([]);
  });

  it("only the missing pieces are listed: two Jupyter modules and Chromium", () => {
    const env = { ...ALL_PRESENT, STUB_PY_MISSING: "nbclient ipykernel" };
    const c = run(["--check"], env, ["chromium"]);
    expect(c.status).toBe(1);
    expect(c.stdout).toContain("setup-system: missing: Jupyter modules not importable by python3: nbclient ipykernel\n");
    expect(c.stdout).toContain("setup-system: missing: Chromium:");
    expect(c.stdout).toContain("setup-system: would install (Debian/Ubuntu): python3-nbclient python3-ipykernel chromium\n");
    const u = run([], { ...env, STUB_UID: "1000" }, ["chromium"]);
    expect(u.stderr).toContain("\n  sudo apt-get install python3-nbclient python3-ipykernel chromium\n");
    expect(u.apt).toEqual([]);
  });

  it("a python that does not run counts as all five Jupyter modules missing", () => {
    const r = run(["--check"], { ...ALL_PRESENT, STUB_PY_BROKEN: "1" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("missing: Python: python3 did not run (exit status 127)");
    expect(r.stdout).toContain(
      "would install (Debian/Ubuntu): python3-nbclient jupyter-nbconvert jupyter-client python3-ipykernel python3-nbformat\n",
    );
  });

  it("no apt-get (not Debian): explains what to install by hand, exit 1", () => {
    const r = run([], { STUB_UID: "0" }, ["apt-get"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no apt-get here (not Debian/Ubuntu)");
    expect(r.stderr).not.toContain("sudo apt-get");
  });
});

describe("setup-system.sh: how each piece is found", () => {
  it("fonts: fc-list absent but dpkg-query says fonts-noto-cjk is installed: present", () => {
    const r = run(["--check"], { STUB_DPKG_INSTALLED: "fonts-noto-cjk" }, ["fc-list"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/CJK fonts \(fonts-noto-cjk installed\)\n$/);
    const none = run(["--check"], {}, ["fc-list", "dpkg-query"]);
    expect(none.status).toBe(1);
    expect(none.stdout).toContain("would install (Debian/Ubuntu): fonts-noto-cjk");
  });

  it("Chromium: CHROMIUM_PATH to an executable is enough; a wrong CHROMIUM_PATH is reported", () => {
    const exe = join(root, "my-chrome");
    writeFileSync(exe, `#!${bash}\nexit 0\n`);
    chmodSync(exe, 0o755);
    const ok = run(["--check"], { ...ALL_PRESENT, CHROMIUM_PATH: exe }, ["chromium"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Chromium (${exe})`);
    const bad = run(["--check"], { ...ALL_PRESENT, CHROMIUM_PATH: join(root, "nowhere") }, ["chromium"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("CHROMIUM_PATH=");
    expect(bad.stdout).toContain("would install (Debian/Ubuntu): chromium\n");
  });

  it("PYTHON naming another python: a pip line instead of Debian packages, and no apt-get", () => {
    const py = join(root, "bin-python3", "python3");
    const env = { ...ALL_PRESENT, PYTHON: py, STUB_PY_MISSING: "nbclient", STUB_UID: "0" };
    const c = run(["--check"], env);
    expect(c.status).toBe(1);
    expect(c.stdout).toContain(`would need: ${py} -m pip install nbclient\n`);
    expect(c.stdout).not.toContain("would install");
    const r = run([], env);
    expect(r.status).toBe(1);
    expect(r.apt).toEqual([]);
    expect(r.stderr).toContain(`  ${py} -m pip install nbclient\n`);
    expect(r.stderr).not.toContain("not root");
  });

  it("options: --help exits 0; an unknown option or two options exit 2", () => {
    expect(run(["--help"]).status).toBe(0);
    const u = run(["--install-everything"]);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain("unknown option --install-everything");
    expect(run(["--check", "--check"]).status).toBe(2);
  });
});
