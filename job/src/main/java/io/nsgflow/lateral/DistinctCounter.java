package io.nsgflow.lateral;

import java.util.HashMap;
import java.util.Map;

/**
 * A multiset that says how many distinct keys it holds: the distinct ports or hosts of a window,
 * kept as connections enter and leave it instead of counted by scanning it.
 */
final class DistinctCounter<K> {

    private final Map<K, int[]> counts = new HashMap<>();

    void add(K key) {
        int[] n = counts.get(key);
        if (n == null) {
            counts.put(key, new int[] {1});
        } else {
            n[0]++;
        }
    }

    void remove(K key) {
        int[] n = counts.get(key);
        if (n != null && --n[0] == 0) {
            counts.remove(key);
        }
    }

    int distinct() {
        return counts.size();
    }
}
