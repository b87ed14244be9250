/**
 * AllocateMessageQueueAveragely: the Java client's default strategy. Both lists must be sorted
 * (queues by topic, broker name, queue id; client ids as Java Strings), as RebalanceImpl sorts them.
 */
export function allocateAveragely<T>(currentCid: string, mqAll: readonly T[], cidAll: readonly string[]): T[] {
  const index = cidAll.indexOf(currentCid);
  if (index < 0 || mqAll.length === 0) return [];
  const mod = mqAll.length % cidAll.length;
  const averageSize = mqAll.length <= cidAll.length ? 1 : mod > 0 && index < mod ? Math.floor(mqAll.length / cidAll.length) + 1 : Math.floor(mqAll.length / cidAll.length);
  const startIndex = mod > 0 && index < mod ? index * averageSize : index * averageSize + mod;
  const range = Math.min(averageSize, mqAll.length - startIndex);
  const out: T[] = [];
  for (let i = 0; i < range; i++) out.push(mqAll[(startIndex + i) % mqAll.length] as T);
  return out;
}

/** Java String.compareTo order (UTF-16 code units), which is JS's default comparison. */
export function javaStringCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
