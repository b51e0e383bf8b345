/**
 * The index line of an index cache file (src/engine/index-table.ts: IndexColumns) as rows, one per file, and back, so
 * tests can change one file's record: path, size, mtime, ctime, inode, device, hash, length of its entries, objects
 * kept (key and length), length of the bytes kept, kinds, and each object's kinds (for a file of several objects of
 * different kinds; else undefined). The index line may name its paths by their places among the
 * files of a walk of the walks line (`walks`); rows are written back with their paths. Written here, not taken from the module: a test of the
 * format reads it as the format says.
 */
/** The index line's columns (src/engine/index-table.ts: IndexColumns) as the rows of CacheState. */
export function rowsOf(columns: Record<string, unknown[]>, walks: Array<{ key: string; files: string[] }> = []): unknown[][] {
  const objects = new Map(columns.objects as Array<[number, unknown]>);
  const objectKinds = new Map(columns.objectKinds as Array<[number, number[]]>);
  const bytes = new Map(columns.bytes as Array<[number, number]>);
  // The paths, or their places among the files of a walk of the same file.
  const pathsOf = columns.pathsOf as unknown as { walk: string; places: number[] } | undefined;
  const files = pathsOf && walks.find((w) => w.key === pathsOf.walk)!.files;
  const paths = pathsOf ? pathsOf.places.map((i) => files![i]) : columns.paths;
  // The stamps: doubles in base64.
  const stamps = [...new Float64Array(new Uint8Array(Buffer.from(columns.stamps as unknown as string, 'base64')).buffer)];
  return paths.map((file, i) => [
    file,
    ...stamps.slice(5 * i, 5 * i + 5),
    columns.hashes[i],
    columns.lengths[i],
    objects.get(i) ?? [],
    bytes.get(i) ?? 0,
    columns.kinds[columns.kindOf[i] as number],
    objectKinds.get(i)?.map((k) => columns.kinds[k]),
  ]);
}

/**
 * Rows as the index line's columns (the kinds lists not shared: each row its own); the paths as places among the files
 * of `walk` when it lists them all.
 */
export function columnsOfRows(rows: unknown[][], walk?: { key: string; files: string[] }): Record<string, unknown> {
  const paths = rows.map((row) => row[0] as string);
  const places = walk && paths.map((p) => walk.files.indexOf(p));
  return {
    ...(walk && places!.every((i) => i >= 0) ? { pathsOf: { walk: walk.key, places } } : { paths }),
    stamps: Buffer.from(new Float64Array(rows.flatMap((row) => row.slice(1, 6) as number[])).buffer).toString('base64'),
    hashes: rows.map((row) => row[6]),
    lengths: rows.map((row) => row[7]),
    // Each row's kinds list at its place; each object's kinds list after them.
    kinds: rows.map((row) => row[10]).concat(rows.flatMap((row) => (row[11] as unknown[] | undefined) ?? [])),
    kindOf: rows.map((_, i) => i),
    objectKinds: objectKindsOf(rows),
    objects: rows.flatMap((row, i) => ((row[8] as unknown[]).length > 0 ? [[i, row[8]]] : [])),
    bytes: rows.flatMap((row, i) => (row[9] !== 0 ? [[i, row[9]]] : [])),
  };
}

/** The objectKinds column of rows written by columnsOfRows: each object's kinds list placed after the rows' own lists. */
function objectKindsOf(rows: unknown[][]): Array<[number, number[]]> {
  let next = rows.length;
  const column: Array<[number, number[]]> = [];
  rows.forEach((row, i) => {
    const lists = row[11] as unknown[] | undefined;
    if (lists) column.push([i, lists.map(() => next++)]);
  });
  return column;
}
