package io.nsgflow.lateral;

import io.nsgflow.alert.Alert;
import io.nsgflow.ids.ContentIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Multi-hop pivot chains: A->B allowed on an admin port where the edge was not in A's baseline
 * (a novel hop), then B->C allowed on an admin port within the pivot window after it, C neither A
 * nor B, and so on up to {@code lateral.pivot.max-hops}. Every hop is kept for the chain horizon
 * (window x (max hops - 1)). Hops are offered in any order and processed in event-time order once
 * {@link #advance} is told the watermark passed them, each joined both ways (backwards to the hops
 * that reached its source, forwards to those that left its destination), so the chains found do not
 * depend on the order the hops arrive in within the watermark bound. One alert per chain start (its
 * first hop), updated as the chain grows (the longest path wins, the earliest among equally long
 * ones); a novel hop out of a host that a novel hop reached within the window continues that chain
 * and starts none of its own. Hops are held only from the first novel hop within the horizon on:
 * before one, no hop can be part of a chain (so on a network where nothing new happens, nothing is
 * held).
 */
public final class PivotChains {

    /** Paths looked at per new hop, each way: bounds the work on hosts with very many admin hops. */
    static final int MAX_PATHS = 256;

    private final long window;
    private final int maxHops;
    private final int maxHeld;
    private final long horizon;
    private final long keepEpisodes;

    public PivotChains(LateralSettings s) {
        this.window = s.pivotWindow();
        this.maxHops = s.pivotMaxHops();
        this.maxHeld = s.pivotMaxHeldHops();
        this.horizon = s.pivotWindow() * (s.pivotMaxHops() - 1);
        this.keepEpisodes = Math.max(horizon, s.quietPeriod());
    }

    /** Hop processing order: event time, then the hop itself, so ties end alike in every arrival order. */
    private static final Comparator<AdminHop> EVENT_ORDER = Comparator.<AdminHop>comparingLong(h -> h.time)
            .thenComparing(h -> h.src).thenComparing(h -> h.dst).thenComparingInt(h -> h.port)
            .thenComparing(h -> h.protocol);

    /**
     * Holds a hop until the watermark passes it; when more than {@code lateral.pivot.max-held-hops}
     * wait (the watermark standing still, as in replay's BATCH mode), the oldest half is processed at
     * once, in event-time order.
     */
    public void offer(PivotState st, AdminHop hop, Consumer<Alert> out) {
        st.pending.add(hop);
        if (st.pending.size() > maxHeld) {
            st.pending.sort(EVENT_ORDER);
            int early = st.pending.size() - maxHeld / 2;
            List<AdminHop> ready = new ArrayList<>(st.pending.subList(0, early));
            st.pending = new ArrayList<>(st.pending.subList(early, st.pending.size()));
            for (AdminHop h : ready) {
                add(st, h, out);
            }
        }
    }

    /** Processes, in event-time order, every waiting hop at or before {@code watermark}, then forgets what is past the horizon. */
    public void advance(PivotState st, long watermark, Consumer<Alert> out) {
        if (!st.pending.isEmpty()) {
            List<AdminHop> ready = new ArrayList<>();
            List<AdminHop> keep = new ArrayList<>();
            for (AdminHop h : st.pending) {
                (h.time <= watermark ? ready : keep).add(h);
            }
            if (!ready.isEmpty()) {
                st.pending = keep;
                ready.sort(EVENT_ORDER);
                for (AdminHop h : ready) {
                    add(st, h, out);
                }
            }
        }
        expire(st, watermark);
    }

    /** Adds a hop now (in event-time order); alerts for every chain start whose best chain it improves. */
    void add(PivotState st, AdminHop hop, Consumer<Alert> out) {
        boolean novelHeld = hop.novel;
        for (AdminHop h : st.hops) {
            if (h.time == hop.time && h.port == hop.port && h.src.equals(hop.src) && h.dst.equals(hop.dst)
                    && h.protocol.equals(hop.protocol)) {
                return; // the same connection again
            }
            novelHeld |= h.novel;
        }
        if (!novelHeld) {
            // every chain starts with a novel hop, earlier than (or as early as) its other hops: with none held
            // (the usual case) this hop can join no chain now, and hops processed later cannot precede it
            return;
        }
        st.hops.add(hop);
        if (st.hops.size() > maxHeld) {
            AdminHop oldest = st.hops.get(0);
            for (AdminHop h : st.hops) {
                if (h.time < oldest.time) {
                    oldest = h;
                }
            }
            st.hops.remove(oldest);
        }
        List<List<AdminHop>> before = backward(st, hop, new ArrayList<>(List.of(hop.src, hop.dst)), maxHops);
        List<List<AdminHop>> after = forward(st, hop, new ArrayList<>(List.of(hop.src, hop.dst)), maxHops);
        for (List<AdminHop> b : before) {
            if (!b.get(0).novel || continuesAChain(st, b, before)) {
                continue;
            }
            for (List<AdminHop> f : after) {
                if (b.size() + f.size() - 1 > maxHops || b.size() + f.size() - 1 < 2) {
                    continue;
                }
                List<AdminHop> chain = new ArrayList<>(b);
                chain.addAll(f.subList(1, f.size()));
                if (distinctHosts(chain)) {
                    offer(st, chain, out);
                }
            }
        }
    }

    /**
     * Whether {@code b}'s first hop continues a chain begun earlier, so starts none of its own: a longer
     * path among {@code paths} (all end with the same hop) that starts with a novel hop runs through it,
     * or a novel hop reached its source within the window from a host not on b (also when the longer
     * path would pass the maximum length).
     */
    private boolean continuesAChain(PivotState st, List<AdminHop> b, List<List<AdminHop>> paths) {
        AdminHop start = b.get(0);
        for (List<AdminHop> p : paths) {
            if (p.size() > b.size() && p.get(0).novel && p.get(p.size() - b.size()) == start) {
                return true;
            }
        }
        for (AdminHop g : st.hops) {
            if (g != start && g.novel && g.dst.equals(start.src) && g.time <= start.time && start.time - g.time <= window
                    && b.stream().noneMatch(h -> h.dst.equals(g.src))) {
                return true;
            }
        }
        return false;
    }

    /** Forgets hops past the horizon and chains that can no longer grow. */
    void expire(PivotState st, long watermark) {
        st.hops.removeIf(h -> h.time < watermark - horizon);
        for (Iterator<PivotState.PivotEpisode> it = st.episodes.values().iterator(); it.hasNext(); ) {
            PivotState.PivotEpisode e = it.next();
            if (e.path.get(e.path.size() - 1).time < watermark - keepEpisodes) {
                it.remove();
            }
        }
    }

    /** The next event time {@link #expire} has work at, or {@link Long#MAX_VALUE}. */
    public long nextWakeUp(PivotState st) {
        long next = Long.MAX_VALUE;
        for (AdminHop h : st.pending) {
            next = Math.min(next, h.time);
        }
        for (AdminHop h : st.hops) {
            next = Math.min(next, h.time + horizon + 1);
        }
        for (PivotState.PivotEpisode e : st.episodes.values()) {
            next = Math.min(next, e.path.get(e.path.size() - 1).time + keepEpisodes + 1);
        }
        return next;
    }

    public boolean isEmpty(PivotState st) {
        return st.pending.isEmpty() && st.hops.isEmpty() && st.episodes.isEmpty();
    }

    private void offer(PivotState st, List<AdminHop> chain, Consumer<Alert> out) {
        AdminHop first = chain.get(0);
        String key = first.key();
        PivotState.PivotEpisode e = st.episodes.get(key);
        if (e != null && !better(chain, e.path)) {
            return;
        }
        if (e == null) {
            e = new PivotState.PivotEpisode();
            e.id = ContentIds.of(Detector.alertType(Detector.PIVOT_CHAIN), first.src, first.dst, Long.toString(first.time));
            st.episodes.put(key, e);
        }
        e.path = new ArrayList<>(chain);
        out.accept(LateralAlerts.chain(e.id, e.revision++, e.path));
    }

    /** Longer wins; among equally long, the one whose hops come first (then by host), so every arrival order ends alike. */
    static boolean better(List<AdminHop> a, List<AdminHop> b) {
        if (a.size() != b.size()) {
            return a.size() > b.size();
        }
        for (int i = 0; i < a.size(); i++) {
            AdminHop x = a.get(i);
            AdminHop y = b.get(i);
            if (x.time != y.time) {
                return x.time < y.time;
            }
            int c = x.dst.compareTo(y.dst);
            if (c != 0) {
                return c < 0;
            }
            if (x.port != y.port) {
                return x.port < y.port;
            }
        }
        return false;
    }

    /** Paths ending with {@code h} (h included), longest first not guaranteed; hosts on them distinct. */
    private List<List<AdminHop>> backward(PivotState st, AdminHop h, List<String> hosts, int room) {
        List<List<AdminHop>> out = new ArrayList<>();
        out.add(new ArrayList<>(List.of(h)));
        if (room <= 1) {
            return out;
        }
        for (AdminHop g : st.hops) {
            if (g == h || !g.dst.equals(h.src) || g.time > h.time || h.time - g.time > window || hosts.contains(g.src)) {
                continue;
            }
            hosts.add(g.src);
            for (List<AdminHop> p : backward(st, g, hosts, room - 1)) {
                if (out.size() >= MAX_PATHS) {
                    break;
                }
                p.add(h);
                out.add(p);
            }
            hosts.remove(hosts.size() - 1);
        }
        return out;
    }

    /** Paths starting with {@code h} (h included); hosts on them distinct. */
    private List<List<AdminHop>> forward(PivotState st, AdminHop h, List<String> hosts, int room) {
        List<List<AdminHop>> out = new ArrayList<>();
        out.add(new ArrayList<>(List.of(h)));
        if (room <= 1) {
            return out;
        }
        for (AdminHop k : st.hops) {
            if (k == h || !k.src.equals(h.dst) || k.time < h.time || k.time - h.time > window || hosts.contains(k.dst)) {
                continue;
            }
            hosts.add(k.dst);
            for (List<AdminHop> p : forward(st, k, hosts, room - 1)) {
                if (out.size() >= MAX_PATHS) {
                    break;
                }
                List<AdminHop> q = new ArrayList<>();
                q.add(h);
                q.addAll(p);
                out.add(q);
            }
            hosts.remove(hosts.size() - 1);
        }
        return out;
    }

    private static boolean distinctHosts(List<AdminHop> chain) {
        Set<String> hosts = new HashSet<>();
        hosts.add(chain.get(0).src);
        for (AdminHop h : chain) {
            if (!hosts.add(h.dst)) {
                return false;
            }
        }
        return true;
    }
}
