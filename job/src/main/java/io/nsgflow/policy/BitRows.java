package io.nsgflow.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The bit rows of one compiled rule table, all in one long array so a match reads one array:
 * rows of {@code words} longs, equal rows stored once (most address and port intervals share a
 * handful of rule sets), addressed by their offset.
 */
final class BitRows {

    private final int words;
    private final Map<Row, Integer> offsets = new HashMap<>();
    private long[] data = new long[256];
    private int size;

    BitRows(int words) {
        this.words = words;
    }

    /** Offset of a row equal to {@code row} ({@code words} longs), added when new. */
    int offsetOf(long[] row) {
        return offsets.computeIfAbsent(new Row(row.clone()), r -> append(r.bits));
    }

    /** Appends {@code longs} zeroed longs that are never shared; returns their offset. */
    int reserve(int longs) {
        return append(new long[longs]);
    }

    void set(int offset, int bit) {
        data[offset + (bit >>> 6)] |= 1L << (bit & 63);
    }

    private int append(long[] longs) {
        if (size + longs.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + longs.length));
        }
        System.arraycopy(longs, 0, data, size, longs.length);
        size += longs.length;
        return size - longs.length;
    }

    int words() {
        return words;
    }

    long[] toArray() {
        return Arrays.copyOf(data, size);
    }

    private record Row(long[] bits) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && Arrays.equals(bits, r.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }
}
