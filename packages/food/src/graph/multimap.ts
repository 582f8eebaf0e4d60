/** Appends to the list under `key`, creating it: in place, since copying the list each time is quadratic in its length. */
export function pushTo<K, V>(m: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, values);
  else for (const v of values) list.push(v);
}
