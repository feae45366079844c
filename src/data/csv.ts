/**
 * Text decoding and a small CSV parser (RFC 4180 plus the habits of real files).
 *
 * - `decodeBytes`: UTF-8 (a BOM is dropped) or GBK. In "auto" mode the bytes are decoded as
 *   strict (fatal) UTF-8 first and, if that fails, as GBK. In "utf-8" mode bytes that are not
 *   valid UTF-8 but decode cleanly as GBK raise an `EncodingError` saying the file looks
 *   GBK-encoded; text that already contains U+FFFD replacement characters (a GBK file that was
 *   once opened as UTF-8 and saved again) is refused too.
 * - `parseCsv`: any one-character delimiter; fields in double quotes may hold delimiters, line
 *   breaks and doubled quotes (`""`); CRLF, LF and lone CR line ends; blank lines are skipped.
 *   Every record keeps the 1-based line number on which it starts, for error messages.
 */
import * as fs from "fs";
import { DataFileError, EncodingError } from "./errors";

export type Encoding = "utf-8" | "gbk" | "auto";

export interface DecodedText {
  text: string;
  encoding: "utf-8" | "gbk";
}

/** Decode file bytes; `file` is used in error messages only. */
export function decodeBytes(bytes: Uint8Array, file: string, encoding: Encoding = "auto"): DecodedText {
  let b = bytes;
  const hasBom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  if (hasBom) b = b.subarray(3);
  if (encoding === "gbk") {
    return { text: new TextDecoder("gbk").decode(b), encoding: "gbk" };
  }
  let text: string | undefined;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    let gbkOk = false;
    let gbkText = "";
    try {
      gbkText = new TextDecoder("gbk", { fatal: true }).decode(b);
      gbkOk = true;
    } catch {
      gbkOk = false;
    }
    if (encoding === "auto" && gbkOk) return { text: gbkText, encoding: "gbk" };
    const line = firstBadUtf8Line(b);
    throw new EncodingError(
      file,
      line,
      undefined,
      gbkOk
        ? "the file is not valid UTF-8 and looks GBK-encoded (as the statistics portal's downloads are); read it with { encoding: \"gbk\" } or \"auto\", use readNbsExport, or re-save it as UTF-8"
        : "the file is neither valid UTF-8 nor GBK",
    );
  }
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0) {
    const line = text.slice(0, bad).split(/\r\n|\n|\r/).length;
    throw new EncodingError(
      file,
      line,
      undefined,
      "the text contains U+FFFD replacement characters (mojibake): the file looks like a GBK-encoded file that was opened as UTF-8 and saved again; get the original download",
    );
  }
  return { text, encoding: "utf-8" };
}

function firstBadUtf8Line(b: Uint8Array): number {
  // Decode leniently and find the first replacement character's line.
  const t = new TextDecoder("utf-8").decode(b);
  const i = t.indexOf("\uFFFD");
  return i < 0 ? 1 : t.slice(0, i).split(/\r\n|\n|\r/).length;
}

/** Read and decode a text file. */
export function readText(file: string, encoding: Encoding = "auto"): DecodedText {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new DataFileError(file, undefined, undefined, `cannot read the file (${(e as Error).message})`);
  }
  return decodeBytes(bytes, file, encoding);
}

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  /** Field values, unquoted, not trimmed. */
  cells: string[];
}

export interface ParseCsvOptions {
  delimiter?: string;
  /** File name for error messages. */
  file?: string;
}

/**
 * Parse CSV text into records. A leading BOM (U+FEFF) is dropped. Blank lines (no characters at
 * all) are skipped. An unterminated quoted field is an error naming the line where it opened.
 * @example parseCsv('a,"b,""c"""\r\n1,2\r\n') // [{line:1,cells:["a",'b,"c"']},{line:2,cells:["1","2"]}]
 */
export function parseCsv(text: string, opts: ParseCsvOptions = {}): CsvRecord[] {
  const delim = opts.delimiter ?? ",";
  if (delim.length !== 1 || delim === '"' || delim === "\n" || delim === "\r") {
    throw new Error(`parseCsv: bad delimiter ${JSON.stringify(delim)}`);
  }
  const file = opts.file ?? "<text>";
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let line = 1;
  let recLine = 1;
  let cells: string[] = [];
  let field = "";
  let fieldStarted = false; // anything seen on this record (to skip blank lines)
  let i = 0;
  const n = s.length;
  const endRecord = () => {
    if (fieldStarted || cells.length > 0) {
      cells.push(field);
      out.push({ line: recLine, cells });
    }
    cells = [];
    field = "";
    fieldStarted = false;
  };
  while (i < n) {
    const c = s[i];
    if (c === '"' && field === "" ) {
      // quoted field (a quote anywhere else is kept literally)
      const openLine = line;
      fieldStarted = true;
      i++;
      let closed = false;
      while (i < n) {
        const d = s[i];
        if (d === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (d === "\r") {
          line++;
          if (s[i + 1] === "\n") {
            field += "\r\n";
            i += 2;
            continue;
          }
        } else if (d === "\n") line++;
        field += d;
        i++;
      }
      if (!closed) throw new DataFileError(file, openLine, undefined, "unterminated quoted field");
      // text after the closing quote up to the delimiter is kept literally
      continue;
    }
    if (c === delim) {
      fieldStarted = true;
      cells.push(field);
      field = "";
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && s[i + 1] === "\n" ? 2 : 1;
      line++;
      recLine = line;
      continue;
    }
    fieldStarted = true;
    field += c;
    i++;
  }
  endRecord();
  return out;
}
