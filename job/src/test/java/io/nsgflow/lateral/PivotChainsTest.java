package io.nsgflow.lateral;

import static io.nsgflow.lateral.LateralFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.alert.Alert;
import io.nsgflow.alert.PathHop;
import io.nsgflow.alert.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PivotChainsTest {

    private static final String[] HOSTS = {"10.1.1.4", "10.1.2.4", "10.1.3.4", "10.1.4.4", "10.1.5.4"};
    private final LateralSettings settings = LateralSettings.defaults();

    private static AdminHop hop(long time, String src, String dst, int port, boolean novel) {
        Connection c = conn(time, src, dst, port, true);
        return AdminHop.of(c, novel);
    }

    /** hops A->B->C->... 10 minutes apart, the first novel. */
    private static List<AdminHop> chain(int hops) {
        List<AdminHop> out = new ArrayList<>();
        for (int i = 0; i < hops; i++) {
            out.add(hop(T0 + i * 10 * MIN, HOSTS[i], HOSTS[i + 1], i % 2 == 0 ? 3389 : 22, i == 0));
        }
        return out;
    }

    /** The latest version (highest revision) of each alert id after offering the hops in this order, then the end of input. */
    private List<Alert> feed(List<AdminHop> hops) {
        PivotChains p = new PivotChains(settings);
        PivotState st = new PivotState();
        Map<String, Alert> last = new LinkedHashMap<>();
        for (AdminHop h : hops) {
            p.offer(st, h, a -> latest(last, a));
        }
        p.advance(st, Long.MAX_VALUE - 1, a -> latest(last, a));
        assertThat(p.isEmpty(st)).isTrue();
        return new ArrayList<>(last.values());
    }

    private static void latest(Map<String, Alert> last, Alert a) {
        Alert before = last.get(a.getId());
        assertThat(before == null || a.getRevision() > before.getRevision()).as("revisions count up").isTrue();
        last.put(a.getId(), a);
    }

    /** hops A->B->C->... 10 minutes apart, every one novel (no host ever reached the next on an admin port). */
    private static List<AdminHop> novelChain(int hops) {
        List<AdminHop> out = chain(hops);
        out.forEach(h -> h.novel = true);
        return out;
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                List<T> x = new ArrayList<>();
                x.add(first);
                x.addAll(p);
                out.add(x);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void aChainIsFoundWithItsFullPathInEveryArrivalOrder(int hops) {
        List<AdminHop> chain = chain(hops);
        for (List<AdminHop> order : permutations(chain)) {
            List<Alert> alerts = feed(order);
            assertThat(alerts).as("order %s", order).hasSize(1);
            Alert a = alerts.get(0);
            assertThat(a.getType()).isEqualTo("lateral.pivot_chain");
            assertThat(a.getEntity()).isEqualTo(HOSTS[0]);
            assertThat(a.getPath()).extracting(PathHop::getSource, PathHop::getDestination)
                    .as("order %s", order)
                    .containsExactlyElementsOf(chain.stream().map(h -> org.assertj.core.groups.Tuple.tuple(h.src, h.dst)).toList());
            assertThat(a.getPath()).extracting(PathHop::getRule).containsOnly("securityRules/AllowAdmin");
            assertThat(a.getSeverity()).isEqualTo(hops >= 3 ? Severity.CRITICAL : Severity.HIGH);
            assertThat(a.getRelatedIps()).containsExactly(java.util.Arrays.copyOf(HOSTS, hops + 1));
            assertThat(a.getFirstSeen()).isEqualTo(T0);
            assertThat(a.getLastSeen()).isEqualTo(T0 + (hops - 1) * 10 * MIN);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void aChainOfNovelHopsIsOneAlertFromItsFirstHostInEveryArrivalOrder(int hops) {
        List<AdminHop> chain = novelChain(hops);
        for (List<AdminHop> order : permutations(chain)) {
            List<Alert> alerts = feed(order);
            assertThat(alerts).as("order %s", order).hasSize(1);
            assertThat(alerts.get(0).getEntity()).isEqualTo(HOSTS[0]);
            assertThat(alerts.get(0).getRelatedIps()).containsExactly(java.util.Arrays.copyOf(HOSTS, hops + 1));
        }
    }

    @Test
    void hopsArrivingOutOfOrderWithinTheWatermarkBoundMakeTheSameChain() {
        // D->E, B->C, C->D, A->B arrive in this order; the watermark trails the newest hop by 35 minutes
        List<AdminHop> chain = novelChain(4);
        List<AdminHop> arrival = List.of(chain.get(3), chain.get(1), chain.get(2), chain.get(0));
        PivotChains p = new PivotChains(settings);
        PivotState st = new PivotState();
        Map<String, Alert> last = new LinkedHashMap<>();
        long newest = Long.MIN_VALUE;
        for (AdminHop h : arrival) {
            p.offer(st, h, a -> latest(last, a));
            newest = Math.max(newest, h.time);
            p.advance(st, newest - 35 * MIN, a -> latest(last, a));
        }
        p.advance(st, Long.MAX_VALUE - 1, a -> latest(last, a));
        assertThat(last.values()).singleElement().satisfies(a -> {
            assertThat(a.getEntity()).isEqualTo(HOSTS[0]);
            assertThat(a.getPath()).hasSize(4);
        });
    }

    @Test
    void aHopInsideTheBaselineInTheMiddleStillCarriesTheChainOn() {
        // A->B novel, B->C the usual (not novel), C->D novel: one chain from A, none from C
        List<AdminHop> chain = novelChain(3);
        chain.get(1).novel = false;
        List<Alert> alerts = feed(chain);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getEntity()).isEqualTo(HOSTS[0]);
            assertThat(a.getPath()).hasSize(3);
        });
    }

    @Test
    void oneHopIsNoChain() {
        assertThat(feed(chain(1))).isEmpty();
    }

    @Test
    void aChainDoesNotStartAtAHopInsideTheBaseline() {
        List<AdminHop> chain = chain(3);
        chain.get(0).novel = false;
        // B->C->D still has a novel start? no: only the first hop was novel
        assertThat(feed(chain)).isEmpty();
    }

    @Test
    void theNextHopMustLeaveWithinTheWindowAndNotBefore() {
        AdminHop ab = hop(T0, HOSTS[0], HOSTS[1], 22, true);
        assertThat(feed(List.of(ab, hop(T0 + 31 * MIN, HOSTS[1], HOSTS[2], 22, false)))).isEmpty();
        assertThat(feed(List.of(ab, hop(T0 - MIN, HOSTS[1], HOSTS[2], 22, false)))).isEmpty();
        assertThat(feed(List.of(ab, hop(T0 + 30 * MIN, HOSTS[1], HOSTS[2], 22, false)))).hasSize(1);
    }

    @Test
    void aChainNeverReturnsToAHostOnIt() {
        AdminHop ab = hop(T0, HOSTS[0], HOSTS[1], 22, true);
        AdminHop ba = hop(T0 + MIN, HOSTS[1], HOSTS[0], 22, false);
        assertThat(feed(List.of(ab, ba))).isEmpty();
    }

    @Test
    void chainsGrowNoLongerThanMaxHops() {
        List<AdminHop> five = new ArrayList<>(chain(4));
        five.add(hop(T0 + 40 * MIN, HOSTS[4], "10.1.6.4", 22, false));
        List<Alert> alerts = feed(five);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getPath()).hasSize(4);
    }

    @Test
    void aHopAllowedByAVirtualNetworkWideRuleIsASegmentationGap() {
        List<AdminHop> chain = chain(2);
        chain.get(1).rule = "defaultSecurityRules/AllowVnetInBound";
        chain.get(1).wideRule = true;
        chain.get(1).defaultRule = true;
        Alert a = feed(chain).get(0);
        assertThat(a.getSegmentationGap()).isTrue();
        assertThat(a.getPath().get(1).getWideRule()).isTrue();
        assertThat(a.getRules()).extracting(r -> r.getRule())
                .containsExactly("securityRules/AllowAdmin", "defaultSecurityRules/AllowVnetInBound");
    }

    @Test
    void hopsInsideTheBaselineAreNotHeldUntilANovelHopCouldStartAChain() {
        PivotChains p = new PivotChains(settings);
        PivotState st = new PivotState();
        for (int i = 0; i < 100; i++) {
            // the jump host's and the backup server's usual admin connections
            p.add(st, hop(T0 + i * 1000, "10.0.1.4", "10.1.9." + i, 22, false), a -> {});
        }
        assertThat(st.hops).isEmpty();
        List<Alert> found = new ArrayList<>();
        chain(3).forEach(h -> {
            h.time += 5 * MIN;
            p.add(st, h, found::add);
        });
        assertThat(found).isNotEmpty();
        assertThat(found.get(found.size() - 1).getPath()).hasSize(3);
    }

    @Test
    void expiryForgetsEverythingPastTheHorizon() {
        PivotChains p = new PivotChains(settings);
        PivotState st = new PivotState();
        chain(3).forEach(h -> p.add(st, h, a -> {}));
        long wake = p.nextWakeUp(st);
        assertThat(wake).isEqualTo(T0 + 3 * 30 * MIN + 1);
        p.expire(st, Long.MAX_VALUE - 1);
        assertThat(p.isEmpty(st)).isTrue();
    }
}
