package io.nsgflow.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One address dimension of a compiled rule table: the address line cut into elementary intervals
 * at every range boundary of every rule, each interval with the bit set of the rules that match
 * it. A lookup is a binary search plus a row of {@code words} longs.
 */
final class AddressIndex {

    private final long[] startHi;
    private final long[] startLo;
    final long[] bits;
    private final int words;

    private AddressIndex(long[] startHi, long[] startLo, long[] bits, int words) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.bits = bits;
        this.words = words;
    }

    /** perRule.get(i): the ranges rule i matches. */
    static AddressIndex build(List<List<AddressRange>> perRule, int words) {
        List<long[]> points = new ArrayList<>();
        points.add(new long[] {0, 0});
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
        long[] bits = new long[n * words];
        AddressIndex index = new AddressIndex(hi, lo, bits, words);
        for (int rule = 0; rule < perRule.size(); rule++) {
            long mask = 1L << (rule & 63);
            int word = rule >>> 6;
            for (AddressRange r : perRule.get(rule)) {
                int from = index.interval(r.firstHi(), r.firstLo());
                int to = r.isMaxEnd() ? n - 1 : index.interval(r.nextHi(), r.nextLo()) - 1;
                for (int i = from; i <= to; i++) {
                    bits[i * words + word] |= mask;
                }
            }
        }
        return index;
    }

    /** Index of the interval holding the address. */
    int interval(long h, long l) {
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
        return interval(h, l) * words;
    }

    int intervals() {
        return startHi.length;
    }
}
