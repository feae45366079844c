/**
 * Coupling coordination degree (paper 1, eqs 8-10; paper 2 for three systems; docs/METHODS.md
 * section 2). Plain numbers in, typed arrays out.
 */

/**
 * `"classic"` (golden files: `standard`), `"wang2021"` (the corrected model of Wang Shujia et al.
 * 2021), `"fan2024"` (Fan et al. 2024).
 */
export type CouplingModel = "classic" | "wang2021" | "fan2024";

/** Options of {@link couplingCoordination}. */
export interface CouplingOptions {
  /** Contribution coefficients `a_i` of `T`, one per system, non-negative, summing to 1 (within 1e-9). Default `1/n` each. */
  coefficients?: readonly number[];
  /** Model of `C`; default `"classic"`. */
  model?: CouplingModel;
  /** System names, used in error messages and echoed in the result. */
  names?: readonly string[];
}

/** Result of {@link couplingCoordination}: one value per row. */
export interface CouplingResult {
  /** Coupling degree, in [0, 1]. */
  C: Float64Array;
  /** Comprehensive coordination index `T = sum a_i U_i`, in [0, 1]. */
  T: Float64Array;
  /** Coupling coordination degree `D = sqrt(C T)`, in [0, 1]. */
  D: Float64Array;
  /** The model used. */
  model: CouplingModel;
  /** The coefficients `a_i` used. */
  coefficients: number[];
  /** Number of systems `n`. */
  n: number;
  /** System names (given, or `"system <i>"`). */
  names: string[];
}

/** Thrown for bad input to {@link couplingCoordination}; carries the system / row when they apply. */
export class CouplingInputError extends Error {
  override name = "CouplingInputError";
  constructor(
    message: string,
    readonly system?: number,
    readonly row?: number,
  ) {
    super(message);
  }
}

const MODELS: readonly CouplingModel[] = ["classic", "wang2021", "fan2024"];

/**
 * 2^-e as two factors `[f1, f2]` (`f1 f2 = 2^-e`, f2 = 1 unless m is subnormal), for the exponent e
 * of `m` (`2^e <= m < 2^(e+1)`), m a positive score (so e <= 0): the power of two that brings m
 * into [1, 2). Multiplying by it is exact, so a scale-free formula evaluated on the scaled scores
 * gives, bit for bit, the value on the original scores whenever that evaluation does not
 * underflow, and the right value when it would (scores near 1e-300).
 */
function unitScale(m: number): [number, number] {
  let e = Math.floor(Math.log2(m));
  if (2 ** e > m) e--;
  else if (2 ** (e + 1) <= m) e++;
  // 2^-e exceeds 2^1023 only for a subnormal m: then two exact steps
  return -e > 1023 ? [2 ** 1023, 2 ** (-e - 1023)] : [2 ** -e, 1];
}

/** Products below this lose digits (subnormal range): take the n-th roots factor by factor instead. */
const TINY = 2 ** -1000;

/**
 * Coupling degree `C`, comprehensive index `T` and coupling coordination degree `D` of `n >= 2`
 * systems, row by row.
 *
 * Orientation: systems x units. `systems[i][r]` is the score of system i for row r (a unit or a
 * unit-year): one array per system, one value per unit, and `C`, `T`, `D` hold one value per unit;
 * `[[0.2, 0.6], [0.4, 0.5]]` is 2 systems x 2 units, unit 1 being (U1, U2) = (0.2, 0.4).
 *
 * Formulas (`U_i` = score of system i in a row, in [0, 1]):
 * - `"classic"` (paper 1 eq 8 for n = 2; paper 2 for n = 3): `C = n (prod U_i)^(1/n) / sum U_i`,
 *   which is the same number as `{prod U_i / [(sum U_i)/n]^n}^(1/n)`;
 * - `"wang2021"` (Wang Shujia, Kong Wei, Ren Liang, Zhi Dandan, Dai Binting 2021, 自然资源学报 36(3)):
 *   `C = sqrt{ [1 - sum_{i>j} |U_i - U_j| / (n(n-1)/2)] * [prod_i (U_i / max U)]^(1/(n-1)) }`;
 * - `"fan2024"`: `C = 1 - 2 sqrt((n sum U^2 - (sum U)^2) / n^2)`, computed in the equivalent,
 *   cancellation-free form `1 - 2 sqrt(sum (U_i - mean U)^2 / n)`;
 * - eq 9, `T = sum a_i U_i` (`sum a_i = 1`; paper 1 uses 0.5/0.5, paper 2 1/3 each);
 * - eq 10, `D = sqrt(C T)`.
 *
 * Scale: the classic C is scale-free (`C(k U) = C(U)`), and computed so: each row's scores are
 * multiplied by the power of two that brings the largest into [1, 2) (exact), and where their
 * product still falls below 2^-1000 the n-th roots are taken factor by factor. Tiny positive scores
 * give the right C (`[[1e-300], [2e-300]]`: C = 2 sqrt(2) / 3 = 0.9428, not 0); the scores times
 * any power of two give the same C bit for bit; for two to four systems ordinary scores give bit
 * for bit the C of the formula on the raw scores (five or more: within an ulp, `Math.pow` of a
 * rescaled product). wang2021 takes the roots factor by factor when the product of
 * its ratios U_i / max U underflows. T and D are not scale-free (scores are in
 * [0, 1]); wang2021 and fan2024 are not scale-free either (they use differences of scores).
 *
 * Conventions: a row whose scores are all 0 gets `C = 0` (all models; the formulas are 0/0 or
 * give 1 there) and so `D = 0`. A row whose scores are all equal and positive gets `C = 1`
 * exactly (every model; the formulas give 1 up to rounding, e.g. 0.9999999999999993 for five
 * equal classic scores). `C` is clamped into [0, 1] and `T` at 1 against rounding (every model
 * lies there for scores in [0, 1]).
 *
 * Errors ({@link CouplingInputError}, naming the system by index or by name, and the row): fewer
 * than two systems, an empty or ragged system, a score that is NaN, +-Infinity or outside [0, 1],
 * `coefficients` of the wrong length, negative, or not summing to 1, an unknown model.
 *
 * @example
 * // hand computation, two systems, equal coefficients
 * const r = couplingCoordination([[0.25, 0.5], [1, 0.5]]);
 * // row 0: C = 2 sqrt(0.25 * 1) / 1.25 = 0.8, T = 0.625, D = sqrt(0.5) = 0.70711
 * // row 1: C = 1, T = 0.5, D = sqrt(0.5) = 0.70711
 * r.C; // Float64Array [0.8, 1]
 * r.T; // Float64Array [0.625, 0.5]
 * r.D; // Float64Array [0.7071067811865476, 0.7071067811865476]
 * couplingCoordination([[1e-300], [2e-300]]).C; // Float64Array [0.9428090415820635] (2 sqrt(2) / 3)
 */
export function couplingCoordination(
  systems: readonly ArrayLike<number>[],
  options: CouplingOptions = {},
): CouplingResult {
  if (!Array.isArray(systems)) {
    throw new CouplingInputError("couplingCoordination: systems must be an array of score arrays, one per system");
  }
  const n = systems.length;
  if (n < 2) {
    throw new CouplingInputError(`couplingCoordination: need at least two systems, got ${n}`);
  }
  const givenNames = options.names;
  if (givenNames !== undefined && (!Array.isArray(givenNames) || givenNames.length !== n)) {
    throw new CouplingInputError(
      `couplingCoordination: options.names has ${Array.isArray(givenNames) ? givenNames.length : "no"} entries for ${n} systems`,
    );
  }
  const label = (i: number) => (givenNames ? `system ${i} ("${givenNames[i]}")` : `system ${i}`);
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(givenNames ? String(givenNames[i]) : `system ${i}`);

  const model = options.model ?? "classic";
  if (!MODELS.includes(model)) {
    throw new CouplingInputError(
      `couplingCoordination: unknown model ${JSON.stringify(model)} (expected "classic", "wang2021" or "fan2024")`,
    );
  }

  let coefficients: number[];
  if (options.coefficients === undefined) {
    coefficients = new Array(n).fill(1 / n);
  } else {
    const w = options.coefficients;
    if (!Array.isArray(w) || w.length !== n) {
      throw new CouplingInputError(
        `couplingCoordination: options.coefficients has ${Array.isArray(w) ? w.length : "no"} entries for ${n} systems`,
      );
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = w[i];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        throw new CouplingInputError(
          `couplingCoordination: weight of ${label(i)} must be a finite number >= 0, got ${String(v)}`,
          i,
        );
      }
      s += v;
    }
    if (Math.abs(s - 1) > 1e-9) {
      throw new CouplingInputError(
        `couplingCoordination: options.coefficients must sum to 1, they sum to ${s} (${w.join(" + ")})`,
      );
    }
    coefficients = Array.from(w);
  }

  const first = systems[0];
  if (first == null || typeof first.length !== "number") {
    throw new CouplingInputError(`couplingCoordination: ${label(0)} is not an array`, 0);
  }
  const m = first.length;
  if (m === 0) throw new CouplingInputError(`couplingCoordination: ${label(0)} is empty`, 0);
  for (let i = 0; i < n; i++) {
    const s = systems[i];
    if (s == null || typeof s.length !== "number") {
      throw new CouplingInputError(`couplingCoordination: ${label(i)} is not an array`, i);
    }
    if (s.length !== m) {
      throw new CouplingInputError(
        `couplingCoordination: ragged systems: ${label(i)} has ${s.length} scores, ${label(0)} has ${m}`,
        i,
      );
    }
    for (let r = 0; r < m; r++) {
      const v = s[r];
      // written so that NaN fails too
      if (!(typeof v === "number" && v >= 0 && v <= 1)) {
        throw new CouplingInputError(
          `couplingCoordination: ${label(i)}, row ${r}: score ${String(v)} is not a number in [0, 1]`,
          i,
          r,
        );
      }
    }
  }

  const C = new Float64Array(m);
  const T = new Float64Array(m);
  const D = new Float64Array(m);

  // T first: a plain weighted sum, column by column
  for (let i = 0; i < n; i++) {
    const s = systems[i];
    const a = coefficients[i];
    for (let r = 0; r < m; r++) T[r] += a * s[r];
  }

  if (n === 2) {
    const s0 = systems[0];
    const s1 = systems[1];
    for (let r = 0; r < m; r++) {
      const u = s0[r];
      const v = s1[r];
      let c: number;
      if (u === v) {
        c = u > 0 ? 1 : 0;
      } else if (model === "classic") {
        // C is scale-free: both scores times the power of two that brings the larger into [1, 2)
        // (exact, so the same C bit for bit as on the raw scores, and no underflow near 1e-300)
        const [k1, k2] = unitScale(u > v ? u : v);
        const us = u * k1 * k2;
        const vs = v * k1 * k2;
        const p = us * vs;
        c = p >= TINY || us === 0 || vs === 0 ? (2 * Math.sqrt(p)) / (us + vs) : (2 * Math.sqrt(us) * Math.sqrt(vs)) / (us + vs);
      } else if (model === "wang2021") {
        const mx = u > v ? u : v;
        const mn = u > v ? v : u;
        c = mx > 0 ? Math.sqrt((1 - (mx - mn)) * (mn / mx)) : 0;
      } else {
        // 1 - 2 sqrt((2(u^2 + v^2) - (u + v)^2) / 4) = 1 - |u - v|
        c = u > 0 || v > 0 ? 1 - Math.abs(u - v) : 0;
      }
      C[r] = c > 1 ? 1 : c < 0 ? 0 : c;
    }
  } else {
    const invN = 1 / n;
    const pairs = (n * (n - 1)) / 2;
    const expo = 1 / (n - 1);
    const s0 = systems[0];
    for (let r = 0; r < m; r++) {
      let c: number;
      const u0 = s0[r];
      let equal = true;
      for (let i = 1; i < n; i++) {
        if (systems[i][r] !== u0) {
          equal = false;
          break;
        }
      }
      if (equal) {
        c = u0 > 0 ? 1 : 0;
      } else if (model === "classic") {
        // C is scale-free: every score times the power of two that brings the largest into [1, 2)
        // (exact, so the same C bit for bit for the scores times any power of two, and no
        // underflow near 1e-300)
        let mx = 0;
        for (let i = 0; i < n; i++) if (systems[i][r] > mx) mx = systems[i][r];
        const [k1, k2] = unitScale(mx); // mx > 0: the row is not all equal
        let sum = 0;
        let prod = 1;
        let zero = false;
        for (let i = 0; i < n; i++) {
          const u = systems[i][r] * k1 * k2;
          sum += u;
          prod *= u;
          if (u === 0) zero = true;
        }
        let gm: number;
        if (prod >= TINY || zero) gm = n === 3 ? Math.cbrt(prod) : Math.pow(prod, invN);
        else {
          // the product still underflows (scores spread over hundreds of orders of magnitude):
          // the n-th roots factor by factor
          gm = 1;
          for (let i = 0; i < n; i++) {
            const u = systems[i][r] * k1 * k2;
            gm *= n === 3 ? Math.cbrt(u) : Math.pow(u, invN);
          }
        }
        c = (n * gm) / sum;
      } else if (model === "wang2021") {
        let mx = 0;
        let diff = 0;
        for (let i = 0; i < n; i++) {
          const u = systems[i][r];
          if (u > mx) mx = u;
          for (let j = 0; j < i; j++) diff += Math.abs(u - systems[j][r]);
        }
        if (mx > 0) {
          let ratio = 1;
          let zero = false;
          for (let i = 0; i < n; i++) {
            ratio *= systems[i][r] / mx;
            if (systems[i][r] === 0) zero = true;
          }
          let root: number;
          if (zero || ratio >= TINY) root = n === 3 ? Math.sqrt(ratio) : Math.pow(ratio, expo);
          else {
            // the product of the ratios underflows: roots first
            root = 1;
            for (let i = 0; i < n; i++) root *= Math.pow(systems[i][r] / mx, expo);
          }
          c = Math.sqrt((1 - diff / pairs) * root);
        } else {
          c = 0;
        }
      } else {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += systems[i][r];
        if (sum > 0) {
          const mean = sum * invN;
          let ss = 0;
          for (let i = 0; i < n; i++) {
            const d = systems[i][r] - mean;
            ss += d * d;
          }
          c = 1 - 2 * Math.sqrt(ss * invN);
        } else {
          c = 0;
        }
      }
      C[r] = c > 1 ? 1 : c < 0 ? 0 : c;
    }
  }

  for (let r = 0; r < m; r++) {
    // T is a weighted mean of values in [0, 1]; clamp the rounding (coefficients may sum to 1 +- 1e-9)
    const t = T[r] > 1 ? 1 : T[r];
    T[r] = t;
    D[r] = Math.sqrt(C[r] * t);
  }

  return { C, T, D, model, coefficients, n, names };
}
