package io.nsgflow.policy;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * One port dimension of a compiled rule table: the line -1 (no port) .. 65535 cut at every range
 * boundary, as an {@link IntervalTree} from port to the offset of the row of rules matching it.
 */
final class PortIndex {

    private PortIndex() {}

    /** perRule.get(i): the ranges rule i matches. Returns the tree. */
    static int[] build(List<List<PortRange>> perRule, BitRows rows) {
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
        int words = rows.words();
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
        int[] offsets = new int[starts.length];
        for (int i = 0; i < starts.length; i++) {
            offsets[i] = rows.offsetOf(Arrays.copyOfRange(bits, i * words, (i + 1) * words));
        }
        return IntervalTree.build(starts, offsets);
    }
}
