package io.nsgflow.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One address dimension of a compiled rule table: the address line cut into elementary intervals
 * at every range boundary of every rule, each interval pointing at the bit set of the rules that
 * match it. Adjacent intervals with the same bit set are merged and equal bit sets stored once,
 * so the index stays small enough for the CPU caches. IPv4 addresses are searched in a separate
 * array of 32-bit starts (half the memory touched per step). A lookup is a binary search plus a
 * row of {@code words} longs.
 */
final class AddressIndex {

    private static final long V4_FIRST_LO = 0x0000_FFFF_0000_0000L;
    private static final long V4_LAST_LO = 0x0000_FFFF_FFFF_FFFFL;

    private final long[] startHi;
    private final long[] startLo;
    private final int[] rowOf;
    /**
     * IPv4 intervals, one long each: the start (sign bit flipped, so signed order is address order)
     * in the high half, the row offset in the low half, so one cache line serves search and row.
     */
    private final long[] v4Packed;
    /**
     * Every {@link #BLOCK}-th packed IPv4 start: a small first level (all of them together fit in
     * the L2 cache), after which one cache-line-sized block of {@link #v4Packed} is scanned.
     */
    private final long[] v4Guide;

    private static final int BLOCK = 8;
    final long[] bits;

    private AddressIndex(long[] startHi, long[] startLo, int[] rowOf, long[] v4Packed, long[] bits) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.rowOf = rowOf;
        this.v4Packed = v4Packed;
        this.v4Guide = new long[(v4Packed.length + BLOCK - 1) / BLOCK];
        for (int j = 0; j < v4Guide.length; j++) {
            v4Guide[j] = v4Packed[j * BLOCK];
        }
        this.bits = bits;
    }

    /** perRule.get(i): the ranges rule i matches. */
    static AddressIndex build(List<List<AddressRange>> perRule, int words) {
        List<long[]> points = new ArrayList<>();
        points.add(new long[] {0, 0});
        points.add(new long[] {0, V4_FIRST_LO});
        points.add(new long[] {0, V4_LAST_LO + 1});
        for (List<AddressRange> ranges : perRule) {
            for (AddressRange r : ranges) {
                points.add(new long[] {r.firstHi(), r.firstLo()});
                if (!r.isMaxEnd()) {
                    points.add(new long[] {r.nextHi(), r.nextLo()});
                }
            }
        }
        points.sort((a, b) -> IpAddress.compare(a[0], a[1], b[0], b[1]));
        long[] hi = new long[points.size()];
        long[] lo = new long[points.size()];
        int n = 0;
        for (long[] p : points) {
            if (n == 0 || hi[n - 1] != p[0] || lo[n - 1] != p[1]) {
                hi[n] = p[0];
                lo[n] = p[1];
                n++;
            }
        }
        hi = Arrays.copyOf(hi, n);
        lo = Arrays.copyOf(lo, n);
        // the rules matching each elementary interval
        long[] bitsPerInterval = new long[n * words];
        for (int rule = 0; rule < perRule.size(); rule++) {
            long mask = 1L << (rule & 63);
            int word = rule >>> 6;
            for (AddressRange r : perRule.get(rule)) {
                int from = search(hi, lo, r.firstHi(), r.firstLo());
                int to = r.isMaxEnd() ? n - 1 : search(hi, lo, r.nextHi(), r.nextLo()) - 1;
                for (int i = from; i <= to; i++) {
                    bitsPerInterval[i * words + word] |= mask;
                }
            }
        }
        // merge equal neighbours (keeping the IPv4 block edges), store each distinct row once
        Map<RowKey, Integer> rows = new HashMap<>();
        List<long[]> distinct = new ArrayList<>();
        long[] mHi = new long[n];
        long[] mLo = new long[n];
        int[] mRow = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            long[] row = Arrays.copyOfRange(bitsPerInterval, i * words, (i + 1) * words);
            int id = rows.computeIfAbsent(new RowKey(row), k -> {
                distinct.add(k.row);
                return distinct.size() - 1;
            });
            boolean v4Edge = hi[i] == 0 && (lo[i] == V4_FIRST_LO || lo[i] == V4_LAST_LO + 1);
            if (m > 0 && mRow[m - 1] == id * words && !v4Edge) {
                continue;
            }
            mHi[m] = hi[i];
            mLo[m] = lo[i];
            mRow[m] = id * words;
            m++;
        }
        long[] bits = new long[distinct.size() * words];
        for (int i = 0; i < distinct.size(); i++) {
            System.arraycopy(distinct.get(i), 0, bits, i * words, words);
        }
        hi = Arrays.copyOf(mHi, m);
        lo = Arrays.copyOf(mLo, m);
        int[] rowOf = Arrays.copyOf(mRow, m);
        int first = search(hi, lo, 0, V4_FIRST_LO);
        int last = search(hi, lo, 0, V4_LAST_LO);
        long[] v4Packed = new long[last - first + 1];
        for (int i = first; i <= last; i++) {
            v4Packed[i - first] = ((long) ((int) lo[i] ^ Integer.MIN_VALUE) << 32) | rowOf[i];
        }
        return new AddressIndex(hi, lo, rowOf, v4Packed, bits);
    }

    private record RowKey(long[] row) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey k && Arrays.equals(row, k.row);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(row);
        }
    }

    /** Index of the interval holding the address, in the given starts. */
    private static int search(long[] startHi, long[] startLo, long h, long l) {
        int low = 0;
        int high = startHi.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            long sh = startHi[mid];
            int c = sh == h ? Long.compareUnsigned(startLo[mid], l) : Long.compareUnsigned(sh, h);
            if (c <= 0) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Offset into {@link #bits} of the row for the address. */
    int row(long h, long l) {
        if (h == 0 && (l >>> 32) == 0xFFFFL) {
            // the largest packed value at or below (key, max row) is the interval holding the key
            long probe = ((long) ((int) l ^ Integer.MIN_VALUE) << 32) | 0xFFFF_FFFFL;
            long[] guide = v4Guide;
            int base = 0;
            int n = guide.length;
            while (n > 1) {
                int half = n >>> 1;
                base = guide[base + half] <= probe ? base + half : base;
                n -= half;
            }
            long[] a = v4Packed;
            int i = base * BLOCK;
            int end = Math.min(i + BLOCK, a.length);
            int at = i;
            for (int k = i + 1; k < end; k++) {
                at += a[k] <= probe ? 1 : 0;
            }
            base = at;
            return (int) a[base];
        }
        return rowOf[search(startHi, startLo, h, l)];
    }

    /**
     * Index of the last element at or below the key (the first element is the minimum). Branch-free
     * steps (the JIT emits conditional moves): binary search branches mispredict half the time.
     */
    static int lastAtOrBelow(int[] sorted, int key) {
        int base = 0;
        int n = sorted.length;
        while (n > 1) {
            int half = n >>> 1;
            base = sorted[base + half] <= key ? base + half : base;
            n -= half;
        }
        return base;
    }

    int intervals() {
        return startHi.length;
    }
}
