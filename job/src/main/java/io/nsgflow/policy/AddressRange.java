package io.nsgflow.policy;

import io.nsgflow.net.IpAddress;
import io.nsgflow.net.IpPrefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An inclusive range of the 128-bit address line; sets of them are unions used by the compiler. */
record AddressRange(long firstHi, long firstLo, long lastHi, long lastLo) {

    static final AddressRange ALL = new AddressRange(0, 0, -1L, -1L);

    static AddressRange of(IpPrefix p) {
        return new AddressRange(p.firstHi(), p.firstLo(), p.lastHi(), p.lastLo());
    }

    static List<AddressRange> of(List<IpPrefix> prefixes) {
        List<AddressRange> out = new ArrayList<>(prefixes.size());
        prefixes.forEach(p -> out.add(of(p)));
        return out;
    }

    /** Sorted, merged (overlapping and adjacent ranges joined). */
    static List<AddressRange> union(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing((AddressRange r) -> r, (a, b) -> IpAddress.compare(a.firstHi, a.firstLo, b.firstHi, b.firstLo)));
        List<AddressRange> out = new ArrayList<>();
        AddressRange cur = null;
        for (AddressRange r : sorted) {
            if (cur == null) {
                cur = r;
                continue;
            }
            boolean touches = cur.isMaxEnd() || IpAddress.compare(r.firstHi, r.firstLo, cur.nextHi(), cur.nextLo()) <= 0;
            if (touches) {
                if (IpAddress.compare(r.lastHi, r.lastLo, cur.lastHi, cur.lastLo) > 0) {
                    cur = new AddressRange(cur.firstHi, cur.firstLo, r.lastHi, r.lastLo);
                }
            } else {
                out.add(cur);
                cur = r;
            }
        }
        if (cur != null) {
            out.add(cur);
        }
        return out;
    }

    /** Everything not in the given ranges. */
    static List<AddressRange> complement(List<AddressRange> ranges) {
        List<AddressRange> merged = union(ranges);
        List<AddressRange> out = new ArrayList<>();
        long hi = 0;
        long lo = 0;
        boolean done = false;
        for (AddressRange r : merged) {
            if (IpAddress.compare(r.firstHi, r.firstLo, hi, lo) > 0) {
                long endLo = r.firstLo - 1;
                long endHi = r.firstLo == 0 ? r.firstHi - 1 : r.firstHi;
                out.add(new AddressRange(hi, lo, endHi, endLo));
            }
            if (r.isMaxEnd()) {
                done = true;
                break;
            }
            hi = r.nextHi();
            lo = r.nextLo();
        }
        if (!done) {
            out.add(new AddressRange(hi, lo, -1L, -1L));
        }
        return out;
    }

    boolean isMaxEnd() {
        return lastHi == -1L && lastLo == -1L;
    }

    /** High word of last + 1 (only when not {@link #isMaxEnd()}). */
    long nextHi() {
        return lastLo == -1L ? lastHi + 1 : lastHi;
    }

    long nextLo() {
        return lastLo + 1;
    }
}
