// A Map with a ceiling on its size, for the signature checker's memories (certificate facts,
// certification paths, revocation answers): when full, the oldest entry makes room for the new.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    // A key set again counts as new; a Map iterates in insertion order, so the first is the oldest.
    this.delete(key);
    if (this.size >= this.capacity) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }

  /** The value kept under `key`; when there is none, `make`s it and keeps it. */
  remember(key: K, make: () => V): V {
    if (this.has(key)) return this.get(key)!;
    const value = make();
    this.set(key, value);
    return value;
  }
}
