/**
 * The index line of an index cache file (src/engine/index-table.ts: IndexColumns) as rows, one per file, and back, so
 * tests can change one file's record: path, size, mtime, ctime, inode, device, hash, length of its entries, objects
 * kept (key and length), length of the bytes kept, kinds. Written here, not taken from the module: a test of the
 * format reads it as the format says.
 */
/** The index line's columns (src/engine/index-table.ts: IndexColumns) as the rows of CacheState. */
export function rowsOf(columns: Record<string, unknown[]>): unknown[][] {
  const objects = new Map(columns.objects as Array<[number, unknown]>);
  const bytes = new Map(columns.bytes as Array<[number, number]>);
  return columns.paths.map((file, i) => [
    file,
    ...columns.stamps.slice(5 * i, 5 * i + 5),
    columns.hashes[i],
    columns.lengths[i],
    objects.get(i) ?? [],
    bytes.get(i) ?? 0,
    columns.kinds[columns.kindOf[i] as number],
  ]);
}

/** Rows as the index line's columns (the kinds lists not shared: each row its own). */
export function columnsOfRows(rows: unknown[][]): Record<string, unknown[]> {
  return {
    paths: rows.map((row) => row[0]),
    stamps: rows.flatMap((row) => row.slice(1, 6)),
    hashes: rows.map((row) => row[6]),
    lengths: rows.map((row) => row[7]),
    kinds: rows.map((row) => row[10]),
    kindOf: rows.map((_, i) => i),
    objects: rows.flatMap((row, i) => ((row[8] as unknown[]).length > 0 ? [[i, row[8]]] : [])),
    bytes: rows.flatMap((row, i) => (row[9] !== 0 ? [[i, row[9]]] : [])),
  };
}
