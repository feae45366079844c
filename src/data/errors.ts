/**
 * Errors thrown by the data layer. Each names what went wrong and where: the file, the line
 * (1-based, counted in the file as stored), the column header, the province.
 */

/** Base class of every error the data layer throws. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A problem at a place in a file: `file`, 1-based `line`, optional `column` (header text). */
export class DataFileError extends DataError {
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
  constructor(file: string, line: number | undefined, column: string | undefined, message: string) {
    const where = [file, line !== undefined ? `line ${line}` : undefined, column !== undefined ? `column "${column}"` : undefined]
      .filter((s) => s !== undefined)
      .join(", ");
    super(`${where}: ${message}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** The bytes of a file are not in the encoding asked for (typically a GBK file read as UTF-8). */
export class EncodingError extends DataFileError {}

/** A province name (or adcode) that the alias table does not know. */
export class UnknownProvinceError extends DataError {
  readonly input: string;
  /** The closest known names (edit distance), best first. */
  readonly suggestions: string[];
  constructor(input: string, suggestions: string[], context?: string) {
    const hint = suggestions.length > 0 ? ` Closest known names: ${suggestions.join(", ")}.` : "";
    super(`${context ? context + ": " : ""}unknown province "${input}".${hint}`);
    this.input = input;
    this.suggestions = suggestions;
  }
}
