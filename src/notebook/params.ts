/**
 * Notebook parameters from environment variables: each notebook names its defaults once, and a
 * reviewer overrides any of them without editing the notebook (`CC_P1_PANEL=/x.csv npm run
 * reproduce`). Values arrive as text; they are converted by the type of the default, strictly, and
 * a bad value names its variable and what it got.
 */
import type { ZeroConvention } from "../core/entropy";

/** Thrown for an environment variable whose text does not fit its parameter. */
export class ParameterError extends Error {
  override name = "ParameterError";
}

type Value = string | number | boolean;

/**
 * The parameters `defaults`, each overridden by the environment variable `<prefix>_<NAME>` when it
 * is set (NAME in upper case, as the key is written). A default's type decides the conversion:
 * numbers accept numeric text only ("999", "0.05"; not "999x"), booleans "true"/"false"/"1"/"0",
 * strings are taken as they are (trimmed). `env` defaults to `process.env`.
 *
 * @example
 * const P = cc.params("CC_P2", { PANEL: cc.dataPath("panels", "zhou-xu-li.csv"), PERMUTATIONS: 999, SEED: cc.DEFAULT_SEED });
 * P.PERMUTATIONS;   // 999, or the number in CC_P2_PERMUTATIONS
 */
export function params<T extends Record<string, Value>>(prefix: string, defaults: T, env: Record<string, string | undefined> = process.env): T {
  if (!/^[A-Z][A-Z0-9_]*$/.test(prefix)) throw new ParameterError(`params: the prefix must be upper-case letters, digits and _, got "${prefix}"`);
  const out: Record<string, Value> = {};
  for (const [key, def] of Object.entries(defaults)) {
    const name = `${prefix}_${key}`;
    const raw = env[name];
    if (raw === undefined || raw === "") {
      out[key] = def;
      continue;
    }
    const text = raw.trim();
    if (typeof def === "number") {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
        throw new ParameterError(`${name}: expected a number (like ${def}), got the string "${raw}"`);
      }
      out[key] = Number(text);
    } else if (typeof def === "boolean") {
      const t = text.toLowerCase();
      if (!["true", "false", "1", "0"].includes(t)) throw new ParameterError(`${name}: expected true or false, got the string "${raw}"`);
      out[key] = t === "true" || t === "1";
    } else out[key] = text;
  }
  return out as T;
}

/**
 * The ln 0 convention of the entropy method from its text form: `"limit"` (0 ln 0 := 0),
 * `"shift:<s>"` (add s to every normalised value) or `"epsilon:<e>"` (replace 0 by e).
 *
 * @example
 * cc.parseZero("limit");          // "limit"
 * cc.parseZero("shift:0.0001");   // { shift: 0.0001 }
 * cc.parseZero("epsilon:0.002");  // { epsilon: 0.002 }
 */
export function parseZero(text: string): ZeroConvention {
  const t = String(text).trim();
  if (t === "limit") return "limit";
  const m = /^(shift|epsilon):\s*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/.exec(t);
  if (!m) throw new ParameterError(`the ln 0 convention must be "limit", "shift:<s>" or "epsilon:<e>" (e.g. "shift:0.0001"), got "${text}"`);
  const v = Number(m[2]);
  if (!(v > 0)) throw new ParameterError(`the ln 0 convention "${text}": ${m[1]} must be a positive number`);
  return m[1] === "shift" ? { shift: v } : { epsilon: v };
}

/**
 * The text form of a convention (the inverse of {@link parseZero}), e.g. for provenance tables.
 *
 * @example
 * cc.zeroText({ epsilon: 0.002 });   // "epsilon:0.002"
 */
export function zeroText(z: ZeroConvention): string {
  if (z === "limit") return "limit";
  return "shift" in z ? `shift:${z.shift}` : `epsilon:${z.epsilon}`;
}
