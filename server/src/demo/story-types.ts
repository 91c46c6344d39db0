/** One record of the native event shape (docs/ingest.md). */
export type NativeRecord = Record<string, unknown>;

export const minute = 60_000;
