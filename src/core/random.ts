/**
 * Seeded pseudo-random numbers that give the same sequence on every platform.
 *
 * Algorithm: xoshiro128** 1.0 (Blackman and Vigna, 2018; 128-bit state, period 2^128 - 1),
 * seeded by expanding one 32-bit seed with splitmix32 (the 32-bit variant of Steele, Lea and
 * Flood's SplitMix; constants from Vigna's reference code). All arithmetic is 32-bit integer
 * arithmetic (`Math.imul`, `>>>`, `|`, `^`), so the stream depends only on the seed: not on the
 * JavaScript engine, the operating system or the CPU.
 *
 * Uniform integers in [0, k) use Lemire's multiply-and-reject method (no modulo bias): exact for
 * every k in [1, 2^32].
 *
 * Every random result in this library takes `seed` with the default {@link DEFAULT_SEED}, so a
 * notebook prints the same table on every run.
 */

/** The default seed of every random result in the library (permutation tests of Moran's I and LISA). */
export const DEFAULT_SEED = 20240917;

/** Thrown for a seed or range that is not a usable integer. */
export class RandomInputError extends Error {
  override name = "RandomInputError";
}

const TWO32 = 4294967296;
const TWO21 = 2097152;
const INV_TWO32 = 1 / 4294967296;

/**
 * Lemire's rejection thresholds `(2^32 - P) mod P` of the batched Fisher-Yates step with ranges
 * i + 1 and i (P = (i + 1) i), indexed by i < 65536: a pure function of i, computed once and
 * shared (a floating-point remainder per draw would cost more than the generator itself).
 */
let pairThreshold = new Uint32Array(0);
function pairThresholds(maxI: number): Uint32Array {
  const need = Math.min(maxI + 1, 65536);
  if (pairThreshold.length < need) {
    const t = new Uint32Array(need);
    for (let i = 2; i < need; i++) {
      const P = (i + 1) * i;
      t[i] = (TWO32 - P) % P;
    }
    pairThreshold = t;
  }
  return pairThreshold;
}

/** A seeded generator. Create with {@link createRandom}. */
export interface Random {
  /** The seed it was created with (after conversion to an unsigned 32-bit integer). */
  readonly seed: number;
  /** Next unsigned 32-bit integer in [0, 2^32). */
  nextUint32(): number;
  /** Next double in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Next integer uniform in [0, k), without modulo bias; `k` an integer in [1, 2^32]. */
  nextInt(k: number): number;
  /**
   * Shuffles `a` in place (Fisher-Yates, Durstenfeld's form: position i swaps with a uniform
   * position in [0, i], i from the end) and returns it. Uniform over all permutations.
   */
  shuffle<T extends { length: number; [i: number]: any }>(a: T): T;
}

function checkSeed(seed: number): number {
  if (typeof seed !== "number" || !Number.isFinite(seed) || !Number.isInteger(seed)) {
    const shown = typeof seed === "string" ? `the string ${JSON.stringify(seed)}` : String(seed);
    throw new RandomInputError(`seed must be a finite integer, got ${shown}`);
  }
  // reduce to an unsigned 32-bit integer (negative seeds and seeds >= 2^32 wrap around)
  return ((seed % TWO32) + TWO32) % TWO32;
}

class Xoshiro128StarStar implements Random {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, state?: readonly [number, number, number, number]) {
    this.seed = checkSeed(seed);
    if (state) {
      [this.a, this.b, this.c, this.d] = state.map((v) => v | 0) as [number, number, number, number];
      return;
    }
    // splitmix32 expands the seed into 4 state words (never all zero: splitmix32 is a bijection
    // of its counter, and 4 consecutive outputs cannot all be zero)
    let s = this.seed | 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    // result = rotl(b * 5, 7) * 9
    const t5 = Math.imul(b, 5);
    const result = Math.imul((t5 << 7) | (t5 >>> 25), 9) >>> 0;
    const t = b << 9;
    let c = this.c ^ a;
    let d = this.d ^ b;
    this.b = b ^ c;
    this.a = a ^ d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    this.c = c;
    this.d = d;
    return result;
  }

  nextFloat(): number {
    // 26 + 27 bits, as in the classic genrand_res53
    const hi = this.nextUint32() >>> 6;
    const lo = this.nextUint32() >>> 5;
    return (hi * 134217728 + lo) / 9007199254740992;
  }

  nextInt(k: number): number {
    if (!(k >= 1 && k <= TWO32 && Number.isInteger(k))) {
      throw new RandomInputError(`nextInt needs an integer k in [1, 2^32], got ${String(k)}`);
    }
    if (k <= TWO21) {
      // Lemire (2019): m = x * k is exact in a double when k <= 2^21 (x < 2^32, m < 2^53)
      // hi = floor(m / 2^32) and lo = m mod 2^32 without a floating-point remainder (slow)
      let m = this.nextUint32() * k;
      let hi = Math.floor(m * INV_TWO32);
      let lo = m - hi * TWO32;
      if (lo < k) {
        const threshold = (TWO32 - k) % k;
        while (lo < threshold) {
          m = this.nextUint32() * k;
          hi = Math.floor(m * INV_TWO32);
          lo = m - hi * TWO32;
        }
      }
      return hi;
    }
    // large k: plain rejection sampling on the largest multiple of k below 2^32
    const limit = TWO32 - (TWO32 % k);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % k;
  }

  shuffle<T extends { length: number; [i: number]: any }>(a: T): T {
    // Hot path of the permutation tests: the generator's state lives in local variables, and while
    // (i + 1) * i <= 2^32 the two swap positions of steps i and i - 1 come from one 32-bit output
    // (Lemire's method on the product range P = (i + 1) i, split in mixed radix: Brackett-Rozinsky
    // and Lemire 2024, "Batched ranged random integer generation"). Exact and unbiased: every
    // product below is under 2^53.
    let sa = this.a;
    let sb = this.b;
    let sc = this.c;
    let sd = this.d;
    let i = a.length - 1;
    const thr = pairThresholds(i);
    while (i > 0) {
      const k1 = i + 1;
      if (k1 <= 65536) {
        // next output of xoshiro128**, inlined
        const t5 = Math.imul(sb, 5);
        const x = Math.imul((t5 << 7) | (t5 >>> 25), 9) >>> 0;
        const t = sb << 9;
        sc ^= sa;
        sd ^= sb;
        sb ^= sc;
        sa ^= sd;
        sc ^= t;
        sd = (sd << 11) | (sd >>> 21);
        const m1 = x * k1; // < 2^48
        const j1 = Math.floor(m1 * INV_TWO32);
        const lo1 = m1 - j1 * TWO32;
        if (i >= 2) {
          const k2 = i;
          const m2 = lo1 * k2; // < 2^48
          const j2 = Math.floor(m2 * INV_TWO32);
          const lo2 = m2 - j2 * TWO32;
          if (lo2 < thr[i]) continue; // rejected (Lemire): draw again
          let tmp = a[i];
          a[i] = a[j1];
          a[j1] = tmp;
          tmp = a[i - 1];
          a[i - 1] = a[j2];
          a[j2] = tmp;
          i -= 2;
        } else {
          // i = 1, k1 = 2
          if (lo1 < k1 && lo1 < (TWO32 - k1) % k1) continue;
          const tmp = a[1];
          a[1] = a[j1];
          a[j1] = tmp;
          i -= 1;
        }
      } else {
        this.a = sa;
        this.b = sb;
        this.c = sc;
        this.d = sd;
        const j = this.nextInt(k1);
        sa = this.a;
        sb = this.b;
        sc = this.c;
        sd = this.d;
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i -= 1;
      }
    }
    this.a = sa;
    this.b = sb;
    this.c = sc;
    this.d = sd;
    return a;
  }
}

/**
 * A seeded generator (xoshiro128** seeded by splitmix32; 32-bit integer arithmetic only).
 *
 * @param seed any finite integer (reduced modulo 2^32); default {@link DEFAULT_SEED}.
 * @example
 * const r = createRandom(); // seed DEFAULT_SEED
 * r.nextInt(6); // the same integer in [0, 6) on every platform
 * createRandom(42).nextFloat() === createRandom(42).nextFloat(); // true
 */
export function createRandom(seed: number = DEFAULT_SEED): Random {
  return new Xoshiro128StarStar(seed);
}

/**
 * A xoshiro128** generator started from an explicit 128-bit state (four 32-bit words, not all
 * zero), bypassing the splitmix32 seeding: for checking the generator against the published test
 * vectors of xoshiro128**.
 *
 * @example
 * const r = randomFromState([1, 2, 3, 4]);
 * [r.nextUint32(), r.nextUint32(), r.nextUint32()]; // [11520, 0, 5927040] (the reference vector)
 */
export function randomFromState(state: readonly [number, number, number, number]): Random {
  if (state.length !== 4 || state.some((v) => !Number.isInteger(v))) {
    throw new RandomInputError("randomFromState needs four 32-bit integers");
  }
  if (state.every((v) => (v | 0) === 0)) {
    throw new RandomInputError("randomFromState: the all-zero state is not allowed");
  }
  return new Xoshiro128StarStar(0, state);
}
