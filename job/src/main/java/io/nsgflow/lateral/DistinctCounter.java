package io.nsgflow.lateral;

import java.util.HashMap;
import java.util.Map;

/**
 * A multiset that says how many distinct keys it holds: the distinct ports or hosts of a window,
 * kept as connections enter and leave it instead of counted by scanning it.
 */
final class DistinctCounter<K> {

    private final Map<K, int[]> counts = new HashMap<>();

    /** Adds the key {@code times} times; a negative count removes (a key counted down to 0 is gone). */
    void add(K key, int times) {
        int[] n = counts.get(key);
        if (n == null) {
            if (times > 0) {
                counts.put(key, new int[] {times});
            }
        } else if ((n[0] += times) <= 0) {
            counts.remove(key);
        }
    }

    int distinct() {
        return counts.size();
    }
}
