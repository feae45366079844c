/**
 * Errors of the frame layer, readable in a notebook cell: a short message first (what is wrong,
 * in one line), then the details (each offending row, column or province), then what to do.
 */
export class FrameError extends Error {
  override name = "FrameError";
  /** The one-line summary. */
  readonly summary: string;
  /** One entry per offending cell, row or unit. */
  readonly details: string[];
  constructor(summary: string, details: readonly string[] = [], hint?: string) {
    const shown = details.slice(0, 20);
    const more = details.length > shown.length ? [`… and ${details.length - shown.length} more`] : [];
    super([summary, ...shown.map((d) => "  - " + d), ...more, ...(hint ? [hint] : [])].join("\n"));
    this.summary = summary;
    this.details = [...details];
  }
}
