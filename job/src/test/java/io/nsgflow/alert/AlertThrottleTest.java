package io.nsgflow.alert;

import io.nsgflow.ids.ContentIds;
import static io.nsgflow.alert.ThrottleFixtures.MINUTE;
import static io.nsgflow.alert.ThrottleFixtures.T0;
import static io.nsgflow.alert.ThrottleFixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The throttling state machine of one key, driven by hand-made alerts and times. */
class AlertThrottleTest {

    private final AlertThrottle throttle = new AlertThrottle(Duration.ofMinutes(15), 3);

    @Test
    void theFirstAlertGoesOutAtOnceAsDeliveryOne() {
        Alert a = alert("a1", "nic-1", T0);
        AlertThrottle.Step s = throttle.onAlert(null, a);
        assertThat(s.deliveries()).containsExactly(new AlertDelivery(a, 1, false));
        assertThat(s.deliveries().get(0).idempotencyKey()).isEqualTo("a1:1");
        assertThat(s.folded()).isFalse();
        assertThat(s.state().getIntervalEnd()).isEqualTo(T0 + 15 * MINUTE);
    }

    @Test
    void aLaterVersionOfAnAlertDeliveredAtOnceHasAKeyOfItsOwn() {
        // a lateral alert that goes on: revision 0 when its threshold was crossed, revision 2 after a quiet interval
        Alert first = alert("a1", "10.1.1.4", T0);
        AlertThrottleState state = throttle.onAlert(null, first).state();
        assertThat(throttle.onTime(state, T0 + 15 * MINUTE).state()).isNull(); // the interval ended quietly
        Alert later = Alert.newBuilder(alert("a1", "10.1.1.4", T0 + 20 * MINUTE)).setRevision(2).build();
        AlertThrottle.Step s = throttle.onAlert(null, later);
        assertThat(s.deliveries()).singleElement().satisfies(d -> assertThat(d.idempotencyKey()).isEqualTo("a1.2:1"));
    }

    @Test
    void alertsWithinTheIntervalAreFoldedIntoOneSummaryAtItsEnd() {
        AlertThrottleState state = throttle.onAlert(null, alert("a1", "nic-1", T0)).state();
        for (int i = 2; i <= 4; i++) {
            AlertThrottle.Step s = throttle.onAlert(state, alert("a" + i, "nic-1", T0 + i * MINUTE));
            assertThat(s.deliveries()).isEmpty();
            assertThat(s.folded()).isTrue();
            state = s.state();
        }
        assertThat(throttle.onTime(state, T0 + 15 * MINUTE - 1).deliveries()).isEmpty();

        AlertThrottle.Step end = throttle.onTime(state, T0 + 15 * MINUTE);

        assertThat(end.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.summary).isTrue();
            assertThat(d.number).isEqualTo(2);
            assertThat(d.alert.getCount()).isEqualTo(3); // a2, a3, a4; a1 went out at once
            assertThat(d.alert.getFirstSeen()).isEqualTo(T0 + 2 * MINUTE);
            assertThat(d.alert.getLastSeen()).isEqualTo(T0 + 4 * MINUTE);
            assertThat(d.alert.getType()).isEqualTo("drift.unexpected_allow");
            assertThat(d.alert.getEntity()).isEqualTo("nic-1");
            assertThat(d.alert.getSummary()).startsWith("3 more drift.unexpected_allow alert(s) for nic-1")
                    .endsWith("latest: summary of a4");
            assertThat(d.alert.getEvidence()).containsExactly(Map.entry("flow", "flow of a2; flow of a3; flow of a4"));
            assertThat(d.alert.getId()).isEqualTo(ContentIds.of("throttle-summary", "a1", "2"));
        });
        // the next interval has begun; nothing folded in it yet
        assertThat(end.state()).isNotNull();
        assertThat(end.state().getIntervalEnd()).isEqualTo(T0 + 30 * MINUTE);
        assertThat(end.state().getFolded()).isNull();
    }

    @Test
    void revisionsOfOneAlertFoldAsOneWithTheLatestCount() {
        // a port scan that grows: one id, revisions with counts 15, 30, 60 (cumulative), plus another alert
        AlertThrottleState state = throttle.onAlert(null, alert("opener", "10.1.1.4", T0)).state();
        long[] counts = {15, 60, 30}; // revision 2 arrives before revision 1
        int[] revisions = {0, 2, 1};
        for (int i = 0; i < counts.length; i++) {
            Alert scan = Alert.newBuilder(alert("scan", "10.1.1.4", T0 + (i + 1) * MINUTE))
                    .setRevision(revisions[i]).setCount(counts[i]).build();
            state = throttle.onAlert(state, scan).state();
        }
        state = throttle.onAlert(state, alert("other", "10.1.1.4", T0 + 5 * MINUTE)).state();

        AlertDelivery summary = throttle.onTime(state, T0 + 15 * MINUTE).deliveries().get(0);

        assertThat(summary.alert.getSummary()).startsWith("2 more drift.unexpected_allow alert(s) for 10.1.1.4");
        assertThat(summary.alert.getCount()).isEqualTo(60 + 1);
    }

    @Test
    void aRevisionOfAnAlertDeliveredOrSummarisedEarlierIsAnUpdateNotAnotherAlert() {
        // a port scan delivered at once, then growing: its revisions are updates of it
        AlertThrottleState state = throttle.onAlert(null, scan("scan", 0, 15, T0)).state();
        state = throttle.onAlert(state, scan("scan", 1, 30, T0 + MINUTE)).state();
        state = throttle.onAlert(state, scan("other", 0, 5, T0 + 2 * MINUTE)).state();
        AlertThrottle.Step first = throttle.onTime(state, T0 + 15 * MINUTE);
        assertThat(first.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.alert.getSummary())
                    .startsWith("1 more drift.unexpected_allow alert(s) and 1 earlier drift.unexpected_allow alert(s)"
                            + " updated for 10.1.1.4 from ");
            assertThat(d.alert.getCount()).isEqualTo(30 + 5);
        });
        // the next interval: both grow again (the one summarised is known now too), and one is new
        state = first.state();
        state = throttle.onAlert(state, scan("scan", 2, 60, T0 + 16 * MINUTE)).state();
        state = throttle.onAlert(state, scan("other", 1, 9, T0 + 17 * MINUTE)).state();
        state = throttle.onAlert(state, scan("third", 0, 1, T0 + 18 * MINUTE)).state();
        AlertThrottle.Step end = throttle.onTime(state, T0 + 30 * MINUTE);
        AlertDelivery second = end.deliveries().get(0);
        assertThat(second.alert.getSummary())
                .startsWith("1 more drift.unexpected_allow alert(s) and 2 earlier drift.unexpected_allow alert(s) updated");
        assertThat(second.alert.getCount()).isEqualTo(60 + 9 + 1);
        // only revisions: no "more"
        state = throttle.onAlert(end.state(), scan("scan", 3, 80, T0 + 31 * MINUTE)).state();
        AlertDelivery third = throttle.onTime(state, T0 + 45 * MINUTE).deliveries().get(0);
        assertThat(third.alert.getSummary()).startsWith("1 earlier drift.unexpected_allow alert(s) updated for 10.1.1.4");
    }

    private static Alert scan(String id, int revision, long count, long time) {
        return Alert.newBuilder(alert(id, "10.1.1.4", time)).setRevision(revision).setCount(count).build();
    }

    @Test
    void pastTheTrackedIdsFurtherAlertsAreStillCounted() {
        AlertThrottleState state = throttle.onAlert(null, alert("opener", "nic-1", T0)).state();
        int n = AlertThrottle.MAX_TRACKED_IDS + 5;
        for (int i = 0; i < n; i++) {
            state = throttle.onAlert(state, alert("a" + i, "nic-1", T0 + 1 + i)).state();
        }
        assertThat(state.getFolded().getCountById()).hasSize(AlertThrottle.MAX_TRACKED_IDS);
        AlertDelivery summary = throttle.onTime(state, T0 + 15 * MINUTE).deliveries().get(0);
        assertThat(summary.alert.getCount()).isEqualTo(n);
        assertThat(summary.alert.getSummary()).startsWith(n + " more ");
    }

    @Test
    void aQuietIntervalEndsTheRunAndTheNextAlertGoesOutAtOnceAgain() {
        AlertThrottleState state = throttle.onAlert(null, alert("a1", "nic-1", T0)).state();
        AlertThrottle.Step quiet = throttle.onTime(state, T0 + 15 * MINUTE);
        assertThat(quiet.deliveries()).isEmpty();
        assertThat(quiet.state()).isNull();

        AlertThrottle.Step again = throttle.onAlert(null, alert("a2", "nic-1", T0 + 20 * MINUTE));
        assertThat(again.deliveries()).extracting(d -> d.alert.getId(), d -> d.number).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a2", 1));
    }

    @Test
    void aNoisyKeyGetsOneSummaryPerIntervalAndStopsAfterAQuietOne() {
        // alerts every 5 minutes for 40 minutes, then silence: by hand, intervals [0,15) [15,30) [30,45) [45,60)
        List<AlertDelivery> out = new ArrayList<>();
        AlertThrottleState state = null;
        for (int m = 0; m <= 40; m += 5) {
            AlertThrottle.Step s = throttle.onAlert(state, alert("a" + m, "nic-1", T0 + m * MINUTE));
            out.addAll(s.deliveries());
            state = s.state();
        }
        AlertThrottle.Step s = throttle.onTime(state, T0 + 60 * MINUTE);
        out.addAll(s.deliveries());

        assertThat(s.state()).isNull();
        // a0 at once; [0,15): a5 a10 -> 2; [15,30): a15 a20 a25 -> 3; [30,45): a30 a35 a40 -> 3; [45,60): quiet
        assertThat(out).extracting(d -> d.number, d -> d.summary, d -> d.alert.getCount()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, false, 1L),
                org.assertj.core.groups.Tuple.tuple(2, true, 2L),
                org.assertj.core.groups.Tuple.tuple(3, true, 3L),
                org.assertj.core.groups.Tuple.tuple(4, true, 3L));
    }

    @Test
    void anAlertAfterTheIntervalEndClosesItFirstAsTheTimerWouldHave() {
        // replay runs all of a key's alerts before its timers: the result must not depend on that
        AlertThrottleState state = throttle.onAlert(null, alert("a1", "nic-1", T0)).state();
        state = throttle.onAlert(state, alert("a2", "nic-1", T0 + MINUTE)).state();

        AlertThrottle.Step late = throttle.onAlert(state, alert("a3", "nic-1", T0 + 16 * MINUTE));

        assertThat(late.deliveries()).singleElement()
                .satisfies(d -> assertThat(d.summary && d.number == 2 && d.alert.getCount() == 1).isTrue());
        assertThat(late.folded()).isTrue(); // a3 is in the interval [15, 30)
        assertThat(late.state().getIntervalEnd()).isEqualTo(T0 + 30 * MINUTE);
    }

    @Test
    void evidenceIsMergedDistinctAndCappedCountingWhatWasLeftOut() {
        AlertThrottleState state = throttle.onAlert(null, alert("a0", "nic-1", T0)).state();
        String[] ports = {"22", "22", "3389", "445", "5985", "5986"};
        for (int i = 0; i < ports.length; i++) {
            state = throttle.onAlert(state, alert("a" + (i + 1), "nic-1", T0 + MINUTE,
                    i == 3 ? Severity.CRITICAL : Severity.LOW, Map.of("port", ports[i], "src", "10.0.0.9"))).state();
        }
        Alert summary = throttle.onTime(state, T0 + 15 * MINUTE).deliveries().get(0).alert;

        // cap 3: 22, 3389, 445 kept; 5985 and 5986 counted
        assertThat(summary.getEvidence()).containsEntry("port", "22; 3389; 445 (+2 more)").containsEntry("src", "10.0.0.9");
        assertThat(summary.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(summary.getCount()).isEqualTo(6);
    }

    @Test
    void keysAreTypeAndEntity() {
        assertThat(AlertThrottle.key(alert("x", "nic-1", T0))).isEqualTo("drift.unexpected_allow|nic-1");
    }
}
