/** Indicator specifications as the frame calls take them: a bundled name, a CSV path, or rows. */
import { existsSync } from "fs";
import { loadSpec, readSpec, SpecRow } from "../data/spec";
import { FrameError } from "./errors";

/** `"zhang-ouyang-2025"` (bundled in data/specs/), a path to a spec CSV, or rows from `readSpec`. */
export type SpecInput = string | readonly SpecRow[];

export function resolveSpec(spec: SpecInput): SpecRow[] {
  if (Array.isArray(spec)) return [...(spec as SpecRow[])];
  if (typeof spec === "string") {
    if (/[\\/]|\.csv$/i.test(spec)) {
      if (!existsSync(spec)) throw new FrameError(`specification file not found: ${spec}`);
      return readSpec(spec);
    }
    return loadSpec(spec);
  }
  throw new FrameError("expected a specification: a bundled name, a CSV path, or rows from readSpec()");
}
