/**
 * RFC 4180 CSV for spreadsheets, written by csv-stringify: CRLF line ends, fields quoted when they need it,
 * a UTF-8 byte order mark so that Excel reads non-ASCII names. On top of it, the formula guard below.
 */
import { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifyNow } from 'csv-stringify/sync';

// A cell that starts like a formula is run by Excel/LibreOffice/Sheets (CSV injection): make it plain text.
const FORMULA_START = /^[=+\-@\t\r]/;
const neutralizeFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

// Only strings are guarded: a number the app wrote is not user input. A cell with a semicolon is quoted, as a
// comma would be: spreadsheets in locales whose list separator is `;` split there, and `Ann;=1+1` would become a
// formula cell.
const OPTIONS: Options = { record_delimiter: 'windows', quoted_match: ';', cast: { string: neutralizeFormula } };

type Cell = string | number | null | undefined;

export function csvLine(values: readonly Cell[]): string {
  return stringifyNow([values.map((v) => v ?? '')], OPTIONS);
}

export function csvCell(value: Cell): string {
  return csvLine([value]).slice(0, -2);
}

/** The header, then the rows as the client reads them: a long roster never sits in memory as one string. */
export function csvStream<T>(
  header: readonly string[],
  rows: Iterable<T>,
  toCells: (row: T) => Cell[],
): ReadableStream<Uint8Array> {
  function* records() {
    yield [...header];
    for (const row of rows) yield toCells(row).map((v) => v ?? '');
  }
  return Readable.toWeb(Readable.from(records()).pipe(stringify({ ...OPTIONS, bom: true }))) as ReadableStream<Uint8Array>;
}

/**
 * `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266): old clients take the ASCII
 * fallback, every current browser the exact UTF-8 name.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w.\-]+/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
