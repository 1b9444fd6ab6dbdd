/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF,
 * quotes doubled inside. A UTF-8 byte order mark lets Excel read non-ASCII names correctly.
 */
export const UTF8_BOM = '\uFEFF';

// A cell that starts like a formula is run by Excel/LibreOffice/Sheets (CSV injection): make it plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value == null ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Encodes the header and then the rows a batch at a time, as the client reads: a long roster never sits in memory as one string. */
export function csvStream<T>(
  header: readonly string[],
  rows: readonly T[],
  toCells: (row: T) => (string | number | null)[],
  batch = 200,
) {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvLine(header)));
    },
    pull(controller) {
      if (next >= rows.length) {
        controller.close();
        return;
      }
      const chunk = rows.slice(next, next + batch).map((row) => csvLine(toCells(row)));
      next += batch;
      controller.enqueue(encoder.encode(chunk.join('')));
    },
  });
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
