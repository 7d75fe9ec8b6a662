package health.custodian.records.internal.bulk;

import java.nio.charset.StandardCharsets;

/**
 * A set of {@code Type/id} keys held as 64-bit hashes (open addressing): 16 bytes a key, so the
 * keys of millions of imported resources fit in a few tens of MB. A false "contained" needs a
 * 64-bit collision; it could only let one dangling reference through the import's check.
 */
final class KeySet {

  private long[] slots = new long[1 << 12];
  private int size;

  /** Adds the key; returns false when it was there already (or, once in 2^64, collides). */
  boolean add(String key) {
    long h = hash(key);
    if ((size + 1) * 2L > slots.length) {
      grow();
    }
    if (insert(slots, h)) {
      size++;
      return true;
    }
    return false;
  }

  boolean contains(String key) {
    long h = hash(key);
    int mask = slots.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (slots[i] == 0) {
        return false;
      }
      if (slots[i] == h) {
        return true;
      }
    }
  }

  int size() {
    return size;
  }

  private static boolean insert(long[] table, long h) {
    int mask = table.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (table[i] == 0) {
        table[i] = h;
        return true;
      }
      if (table[i] == h) {
        return false;
      }
    }
  }

  private void grow() {
    long[] bigger = new long[slots.length * 2];
    for (long h : slots) {
      if (h != 0) {
        insert(bigger, h);
      }
    }
    slots = bigger;
  }

  /**
   * FNV-1a over the UTF-8 bytes, then a mixing step; never 0 (the empty-slot marker). An ASCII key
   * is hashed from its chars, which are its UTF-8 bytes: encoding each key first allocated an array
   * per id and per reference (docs/benchmarks.md, Bulk data, "load phase, the JVM's side
   * profiled").
   */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0, n = key.length(); i < n; i++) {
      char c = key.charAt(i);
      if (c >= 0x80) {
        return mix(utf8Hash(key));
      }
      h ^= c;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  private static long utf8Hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long fnv) {
    long h = fnv;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
