package io.nsgflow.policy;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** One port dimension of a compiled rule table, over -1 (no port) .. 65535; see {@link AddressIndex}. */
final class PortIndex {

    private final int[] starts;
    final long[] bits;
    private final int words;

    private PortIndex(int[] starts, long[] bits, int words) {
        this.starts = starts;
        this.bits = bits;
        this.words = words;
    }

    static PortIndex build(List<List<PortRange>> perRule, int words) {
        TreeSet<Integer> points = new TreeSet<>();
        points.add(PortRange.NO_PORT);
        for (List<PortRange> ranges : perRule) {
            for (PortRange r : ranges) {
                points.add(r.from());
                if (r.to() < 65535) {
                    points.add(r.to() + 1);
                }
            }
        }
        int[] starts = points.stream().mapToInt(Integer::intValue).toArray();
        long[] bits = new long[starts.length * words];
        for (int rule = 0; rule < perRule.size(); rule++) {
            long mask = 1L << (rule & 63);
            int word = rule >>> 6;
            for (PortRange r : perRule.get(rule)) {
                int from = Arrays.binarySearch(starts, r.from());
                int to = r.to() == 65535 ? starts.length - 1 : Arrays.binarySearch(starts, r.to() + 1) - 1;
                for (int i = from; i <= to; i++) {
                    bits[i * words + word] |= mask;
                }
            }
        }
        return new PortIndex(starts, bits, words);
    }

    int row(int port) {
        return AddressIndex.lastAtOrBelow(starts, port) * words;
    }
}
