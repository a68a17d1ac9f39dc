/**
 * Runs `work` over the items with at most `size` of them in flight at once, in the items' order of start.
 * @example await pool(urls, 4, async (url) => { await read(url); })
 */
export async function pool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}
