import { ImportRefused } from './csv';

/** The largest file the page takes (the command line has no limit). */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** A body stream cut off at `limit` bytes: the file is refused before it is read whole, whatever its length said. */
export async function* limitedBytes(body: ReadableStream<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > limit) throw new ImportRefused('The file is larger than 20 MB: split it, or import it with npm run import');
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
