/**
 * Findings tables: a paper's statement, what it printed, what the computation gives, and whether
 * the computation supports it, one row per finding (the paper notebooks' comparison tables).
 */
import { makeResult, Row, TableResult } from "./results";

/** One finding; `supported: null` when the public data cannot decide (shown as "—"). */
export interface Finding {
  finding: string;
  paper: string;
  computed: string;
  supported: boolean | null;
}

/** A findings table: `add` rows, then show it (`cc.showTable(f)`) or read its `rows`. */
export interface FindingsTable extends TableResult {
  readonly kind: "findings";
  /** Add one finding; returns the table, so calls chain. */
  add(finding: string, paper: string, computed: string, supported: boolean | null): FindingsTable;
  /** How many findings are supported, of how many decided. */
  readonly score: { supported: number; decided: number; total: number };
}

const VERDICT = (ok: boolean | null) => (ok === null ? "—" : ok ? "支持 yes" : "不支持 no");

/**
 * A findings table with the columns 发现 finding | 论文 paper | 计算 computed (or the label you
 * give) | 支持? supported?.
 *
 * @example
 * const f = cc.findings({ computed: "公开数据 public 2012–2019" });
 * f.add("D 逐年上升 D rises every year", "2012–2021", "every year", true);
 * cc.showTable(f);   // f.score: { supported: 1, decided: 1, total: 1 }
 */
export function findings(options: { computed?: string } = {}): FindingsTable {
  const label = options.computed ?? "计算 computed";
  const records: Row[] = [];
  const tableRows: Row[] = [];
  const columns = ["发现 finding", "论文 paper", label, "支持? supported?"];
  const table = makeResult<TableResult>("findings", records, { unit: "", time: "" }, { tableRows, columns });
  const f = table as unknown as FindingsTable & { kind: string };
  Object.defineProperty(f, "kind", { value: "findings", enumerable: true });
  Object.defineProperty(f, "add", {
    enumerable: false,
    value(finding: string, paper: string, computed: string, supported: boolean | null) {
      records.push({ finding, paper, computed, supported });
      tableRows.push({ [columns[0]]: finding, [columns[1]]: paper, [columns[2]]: computed, [columns[3]]: VERDICT(supported) });
      return f;
    },
  });
  Object.defineProperty(f, "score", {
    enumerable: false,
    get() {
      const decided = records.filter((r) => r.supported !== null);
      return { supported: decided.filter((r) => r.supported === true).length, decided: decided.length, total: records.length };
    },
  });
  return f;
}
