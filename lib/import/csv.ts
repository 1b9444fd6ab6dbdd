/**
 * The one CSV reader of every import (docs/decisions/0024): csv-parse, streaming, RFC 4180 (quoted fields with
 * commas, quotes and newlines), a UTF-8 BOM, CRLF or LF; header names in any case and order, unknown ones ignored.
 * Bytes that are not UTF-8, or a NUL, refuse the whole file: it is not a CSV we can read.
 */
import { parse } from 'csv-parse';

export interface CsvRow {
  /** The line the record starts on, counting the header as line 1 (what an error names). */
  line: number;
  /** Lower-cased header name → trimmed value; a column the file lacks reads as ''. */
  get(column: string): string;
}

export class ImportRefused extends Error {}

/** Bytes in, text out, refusing what is not UTF-8 as it streams (never the whole file in memory). */
async function* utf8Text(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of source) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text.includes('\u0000')) throw new ImportRefused('The file is not a UTF-8 CSV file (it holds binary data).');
      yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw new ImportRefused('The file is not a UTF-8 CSV file (save it as "CSV UTF-8").');
    throw error;
  }
}

/**
 * Reads `source` record by record. Missing required columns refuse the file (line 1); a record with a different
 * number of fields than the header is that line's error, reported through `onBadRecord`, and the reading goes on.
 */
export async function* readCsv(
  source: AsyncIterable<Uint8Array | string>,
  required: readonly string[],
  onBadRecord: (line: number, reason: string) => void,
): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  });
  const feeding = (async () => {
    try {
      for await (const text of utf8Text(source)) {
        if (parser.destroyed) return;
        if (!parser.write(text))
          await new Promise((resolve) => {
            parser.once('drain', resolve);
            parser.once('close', resolve);
          });
      }
      if (!parser.destroyed) parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let header: Map<string, number> | undefined;
  let width = 0;
  let lastLine = 1;
  let lastEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; empty_lines: number };
    }>) {
      const line = header ? lastLine + 1 + (info.empty_lines - lastEmpty) : 1;
      lastLine = info.lines;
      lastEmpty = info.empty_lines;
      if (!header) {
        header = new Map();
        record.forEach((name, i) => {
          const key = name.trim().toLowerCase();
          if (key && !header!.has(key)) header!.set(key, i);
        });
        width = record.length;
        const missing = required.filter((c) => !header!.has(c));
        if (missing.length)
          throw new ImportRefused(
            `line 1: ${missing.join(', ')}: required column${missing.length > 1 ? 's are' : ' is'} missing`,
          );
        continue;
      }
      if (record.length !== width) {
        onBadRecord(line, `has ${record.length} fields, the header has ${width}`);
        continue;
      }
      const columns = header;
      yield { line, get: (column) => record[columns.get(column) ?? -1] ?? '' };
    }
  } catch (error) {
    if (error instanceof ImportRefused) throw error;
    const cause = (error as { code?: string }).code?.startsWith('CSV_') ? (error as Error).message : undefined;
    if (cause) throw new ImportRefused(`The file is not valid CSV: ${cause}`);
    throw error;
  } finally {
    if (!parser.readableEnded) parser.destroy();
    await feeding;
  }
  if (!header) throw new ImportRefused('line 1: the file is empty (a header row is required)');
}
