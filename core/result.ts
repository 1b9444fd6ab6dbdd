/**
 * What every write query and domain operation returns: a value, or the business reason there is none, with the
 * sentence to show when the outcome table's words are not specific enough ("…the same time as CS 101-002").
 */
export type Result<T, F extends string> = { ok: true; value: T } | { ok: false; reason: F; message?: string };
