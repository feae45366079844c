/**
 * A panel: any table of units x times with indicator columns, whose key columns the user names
 * once. Every later frame call reads the names from what it is given, so a notebook on cities
 * says `cc.panel(df, { unit: "城市代码", label: "城市", time: "年份", group: "区域" })` once and
 * never again.
 *
 * Groups are any column; the statistics bureau's four economic regions of the Chinese provinces
 * are a named preset (`NBS_REGIONS`), which adds a column `region` holding each province's
 * region code. A column that happens to be called "region" is just a column.
 */
import { provinceByAdcode, REGIONS } from "../data/registry";
import { FrameError } from "./errors";
import { GroupInfo, makeResult, PanelKeys, Row, TableResult } from "./results";
import { FrameInput, inputRows } from "./table";

/** A grouping that is not a column of the table but derived from the unit ids. */
export interface GroupPreset {
  readonly preset: string;
  /** Name of the column the preset adds. */
  readonly column: string;
  /** The groups, in display order. */
  readonly groups: readonly GroupInfo[];
  /** The group of a unit id; throws a FrameError naming the unit when it has none. */
  groupOf(unit: string): string;
}

/**
 * The statistics bureau's four economic regions (东部 east, 中部 central, 西部 west, 东北
 * northeast; METHODS.md section 8) of the 31 provinces, by adcode. Taiwan, Hong Kong and Macao
 * belong to none (an error names them).
 *
 * @example
 * const p = cc.panel(df, { group: cc.NBS_REGIONS });   // adds a column "region": east, central, ...
 * cc.summarize(cd, { by: cc.NBS_REGIONS });             // or only for one call
 */
export const NBS_REGIONS: GroupPreset = Object.freeze({
  preset: "NBS_REGIONS",
  column: "region",
  groups: REGIONS.map((r) => Object.freeze({ id: r.code as string, zh: r.zh, en: r.en })),
  groupOf(unit: string): string {
    let region: string | null;
    try {
      region = provinceByAdcode(unit).region;
    } catch (e) {
      throw new FrameError(
        `NBS_REGIONS: unit "${unit}" is not one of the 31 provinces`,
        [(e as Error).message],
        "The statistics bureau's regions apply to provinces (adcode units); for other units group by a column of your table.",
      );
    }
    if (!region) throw new FrameError(`NBS_REGIONS: ${unit} is in none of the four regions (Taiwan, Hong Kong and Macao are not analysed)`);
    return region;
  },
});

export function isGroupPreset(x: unknown): x is GroupPreset {
  return typeof x === "object" && x !== null && typeof (x as GroupPreset).groupOf === "function" && typeof (x as GroupPreset).column === "string";
}

/** Key options as every frame call takes them: each overrides what the input carries. */
export interface KeyOptions {
  /** Unit id column (default: the input's, else "adcode"). */
  unit?: string;
  /** Time column (default: the input's, else "year"). */
  time?: string;
  /** Label column (default: the input's, else "province" when present). */
  label?: string;
  /** Group column or preset (default: the input's group, if any). */
  group?: string | GroupPreset;
}

/** A panel: the rows with their key names (a frame result of kind "panel"). */
export interface Panel extends TableResult {
  readonly kind: "panel";
  /** Columns that are neither keys nor empty: the candidate indicators. */
  readonly indicators: string[];
}

/**
 * Name the key columns of a table once: `unit` (ids), `time`, and optionally `label` (names shown
 * beside ids) and `group` (a column, or a preset such as `NBS_REGIONS`, which adds its column).
 * Checks that the columns exist; the values are checked by each call (`validatePanel`).
 *
 * @example
 * const cities = [
 *   { 城市代码: 320100, 城市: "南京", 年份: 2019, 区域: "苏南", 经济: 0.61, 医疗: 0.72 },
 *   { 城市代码: 320300, 城市: "徐州", 年份: 2019, 区域: "苏北", 经济: 0.35, 医疗: 0.41 },
 * ];
 * const p = cc.panel(cities, { unit: "城市代码", label: "城市", time: "年份", group: "区域" });
 * const cd = cc.coupling(p, { systems: ["经济", "医疗"] });   // keys carried: not named again
 * cc.summarize(cd, { by: "区域" }).rows;                        // one mean per 年份 and 区域
 */
export function panel(input: FrameInput, keys: KeyOptions = {}): Panel {
  const { rows: raw, keys: carried } = inputRows(input);
  const k = resolveKeys(raw, keys, carried);
  let out = raw;
  const present = new Set<string>();
  for (const r of raw) for (const c of Object.keys(r)) present.add(c);
  const needed = [k.unit, k.time, ...(k.label ? [k.label] : []), ...(k.group && !isGroupPreset(keys.group ?? carried?.group) ? [k.group] : [])];
  const absent = needed.filter((c) => !present.has(c));
  if (raw.length === 0) throw new FrameError("panel: the table has no rows");
  if (absent.length) {
    throw new FrameError(
      `panel: no column ${absent.map((c) => `"${c}"`).join(", ")} in the table`,
      [`columns present: ${[...present].join(", ")}`],
      "Name the key columns as the table has them: cc.panel(df, { unit, time, label, group }).",
    );
  }
  const preset = keys.group ?? carried?.group;
  if (isGroupPreset(preset)) out = withPresetColumn(raw, k.unit, preset);
  const keyCols = new Set([k.unit, k.time, k.label, k.group].filter(Boolean) as string[]);
  const indicators = [...present].filter((c) => !keyCols.has(c));
  return makeResult<Panel>("panel", out, k, { indicators });
}

/** Rows with the preset's column added (a copy). */
export function withPresetColumn(rows: readonly Row[], unit: string, preset: GroupPreset): Row[] {
  return rows.map((r) => ({ ...r, [preset.column]: preset.groupOf(unitId(r[unit])) }));
}

/**
 * 110000 (a number read from a CSV) -> "110000"; strings are trimmed; a missing cell (null,
 * undefined, or the NaN danfo puts in an empty numeric cell) -> "" (an empty unit, which
 * `validatePanel` names), never the text "NaN".
 */
export function unitId(v: unknown): string {
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  return String(v ?? "").trim();
}

/**
 * Key names for one call: the call's options first, then what the input carries, then the
 * defaults (unit "adcode", time "year", label "province" when the rows have it). A group preset
 * resolves to its column name.
 */
export function resolveKeys(rows: readonly Row[], options: KeyOptions, carried?: Partial<PanelKeys> | { group?: unknown }): PanelKeys {
  const c = (carried ?? {}) as Partial<PanelKeys>;
  const unit = options.unit ?? c.unit ?? "adcode";
  const time = options.time ?? c.time ?? "year";
  let label = options.label ?? c.label;
  if (label === undefined && rows.length && rows.some((r) => "province" in r)) label = "province";
  const g = options.group ?? c.group;
  if (g === undefined) return { unit, time, label };
  if (isGroupPreset(g)) return { unit, time, label, group: g.column, groupPreset: g.preset };
  // naming the carried group column again keeps its preset (its names and order)
  const groupPreset = options.group === undefined || options.group === c.group ? c.groupPreset : undefined;
  return { unit, time, label, group: g, ...(groupPreset ? { groupPreset } : {}) };
}

/** The presets by name (what `keys.groupPreset` refers to). */
export const GROUP_PRESETS: Readonly<Record<string, GroupPreset>> = Object.freeze({ NBS_REGIONS });

/** The preset a key set refers to, if any. */
export function presetOf(keys: PanelKeys): GroupPreset | undefined {
  return keys.groupPreset ? GROUP_PRESETS[keys.groupPreset] : undefined;
}

/** The groups of some rows in display order: a preset's order, else first appearance. */
export function groupInfos(values: readonly string[], preset?: GroupPreset): GroupInfo[] {
  if (preset) {
    const present = new Set(values);
    return preset.groups.filter((g) => present.has(g.id)).map((g) => ({ ...g }));
  }
  return [...new Set(values)].map((v) => ({ id: v, zh: v, en: v }));
}
