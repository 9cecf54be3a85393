// The render cache: an in-process LRU bounded in bytes with a TTL and hit/miss/eviction stats
// (level 1), in front of an optional shared second level (the Redis issue plugs in here).

import { LRUCache } from 'lru-cache';
import { Packr } from 'msgpackr';

export type CacheEvent = 'hit' | 'miss' | 'evict' | 'expire';

export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly expirations: number;
  /** hits / (hits + misses); 0 before the first lookup. */
  readonly hitRate: number;
}

/**
 * Turns values into bytes and back, for a cache whose entries live outside the V8 heap: a
 * byte array is one small object to the garbage collector however large its contents, so the
 * entries cost neither scavenges (which copy young survivors) nor mark-compacts.
 */
export interface Codec<V> {
  encode(value: V): Uint8Array;
  decode(bytes: Uint8Array): V;
}

interface CacheBase {
  /** 0 disables the cache: every lookup misses and nothing is stored. */
  readonly maxBytes: number;
  readonly ttlMs: number;
  readonly onEvent?: (event: CacheEvent) => void;
}

export type BoundedCacheOptions<V> = CacheBase &
  (
    | {
        /** Approximate retained size of one entry, key included. */
        readonly sizeOf: (key: string, value: V) => number;
        readonly codec?: undefined;
      }
    | {
        /** Entries are stored encoded (their size is the key, the bytes and ENCODED_ENTRY_OVERHEAD). */
        readonly codec: Codec<V>;
        readonly sizeOf?: undefined;
      }
  );

/** Bytes an encoded entry holds besides its key and contents: the typed array and its buffer. */
export const ENCODED_ENTRY_OVERHEAD = 160;

// Plain maps, no record extension: every entry decodes on its own.
const packr = new Packr({ useRecords: false, mapsAsObjects: true });

/** MessagePack bytes of plain data (strings, numbers, booleans, arrays, objects). */
export function messagePackCodec<V>(): Codec<V> {
  return {
    encode(value) {
      // msgpackr writes into a shared buffer: a retained view would pin all of it (and small
      // Buffer copies come from Node's shared pool), so each entry gets a buffer of its own.
      const packed = packr.pack(value);
      const own = Buffer.allocUnsafeSlow(packed.length);
      packed.copy(own);
      return own;
    },
    decode: (bytes) => packr.unpack(bytes) as V,
  };
}

export class BoundedCache<V extends object> {
  private readonly lru: LRUCache<string, object> | null;
  private counts = { hits: 0, misses: 0, evictions: 0, expirations: 0 };

  constructor(private readonly options: BoundedCacheOptions<V>) {
    const { codec, sizeOf } = options;
    const size = codec
      ? (stored: object, key: string): number => 2 * key.length + ENCODED_ENTRY_OVERHEAD + (stored as Uint8Array).byteLength
      : (stored: object, key: string): number => sizeOf!(key, stored as V);
    this.lru =
      options.maxBytes > 0
        ? new LRUCache<string, object>({
            maxSize: options.maxBytes,
            sizeCalculation: (stored, key) => Math.max(1, size(stored, key)),
            ttl: options.ttlMs,
            // Expired entries are dropped lazily on lookup; a purge timer per entry would cost more.
            ttlAutopurge: false,
            dispose: (_value, _key, reason) => {
              if (reason === 'evict') this.count('evict');
              else if (reason === 'expire') this.count('expire');
            },
          })
        : null;
  }

  get(key: string): V | undefined {
    const stored = this.lru?.get(key);
    this.count(stored === undefined ? 'miss' : 'hit');
    return stored === undefined ? undefined : this.decode(stored);
  }

  /** Whether `key` is cached, without counting a lookup or refreshing its recency. */
  has(key: string): boolean {
    return this.lru?.has(key) ?? false;
  }

  set(key: string, value: V): void {
    if (this.lru) this.lru.set(key, this.options.codec ? this.options.codec.encode(value) : value);
  }

  clear(): void {
    this.lru?.clear();
  }

  stats(): CacheStats {
    const { hits, misses, evictions, expirations } = this.counts;
    return {
      entries: this.lru?.size ?? 0,
      bytes: this.lru?.calculatedSize ?? 0,
      maxBytes: this.options.maxBytes,
      hits,
      misses,
      evictions,
      expirations,
      hitRate: hits + misses === 0 ? 0 : hits / (hits + misses),
    };
  }

  private decode(stored: object): V {
    return this.options.codec ? this.options.codec.decode(stored as Uint8Array) : (stored as V);
  }

  private count(event: CacheEvent): void {
    if (event === 'hit') this.counts.hits++;
    else if (event === 'miss') this.counts.misses++;
    else if (event === 'evict') this.counts.evictions++;
    else this.counts.expirations++;
    this.options.onEvent?.(event);
  }
}

/** A shared cache behind the in-process one (Redis, later). Values are plain JSON data. */
export interface SecondLevelCache<V> {
  readonly name: string;
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V, ttlMs: number): Promise<void>;
}

/** Level 1 answers synchronously (the main-thread hit path); level 2 is consulted on a level-1 miss. */
export class TieredCache<V extends object> {
  constructor(
    readonly level1: BoundedCache<V>,
    private readonly ttlMs: number,
    private readonly level2: SecondLevelCache<V> | null = null,
  ) {}

  getLocal(key: string): V | undefined {
    return this.level1.get(key);
  }

  get hasSecondLevel(): boolean {
    return this.level2 !== null;
  }

  /** A broken second level degrades to a miss; it never fails a render. */
  async get(key: string): Promise<V | undefined> {
    const local = this.level1.get(key);
    if (local !== undefined || this.level2 === null) return local;
    const shared = await this.level2.get(key).catch(() => undefined);
    if (shared !== undefined) this.level1.set(key, shared);
    return shared;
  }

  set(key: string, value: V): void {
    this.level1.set(key, value);
    this.level2?.set(key, value, this.ttlMs).catch(() => {});
  }
}

/** Approximate bytes held by a JSON-like value: UTF-16 strings plus per-object overhead. */
export function approximateSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 2 * value.length + 16;
    case 'number':
    case 'bigint':
    case 'boolean':
      return 8;
    case 'object': {
      if (value === null) return 8;
      let size = 32;
      if (Array.isArray(value)) for (const item of value) size += approximateSize(item);
      else for (const [k, v] of Object.entries(value)) size += 2 * k.length + approximateSize(v);
      return size;
    }
    default:
      return 8;
  }
}
