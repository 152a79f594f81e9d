package io.nsgflow.alert;

import java.util.Objects;

/**
 * An alert to send out, and which delivery of its throttling key it is: 1 for the alert that
 * opened the key's run, 2, 3 ... for the summaries that follow. Its idempotency key is stable, so
 * a receiver can drop what it has already seen after a retry or a restart.
 */
public class AlertDelivery {

    public Alert alert;
    public int number;
    /** Whether the alert is a summary of folded alerts (rather than one alert as raised). */
    public boolean summary;

    public AlertDelivery() {}

    public AlertDelivery(Alert alert, int number, boolean summary) {
        this.alert = alert;
        this.number = number;
        this.summary = summary;
    }

    /**
     * {@code <alert id>:<delivery number>}; a later version of an alert that goes on (revision 1, 2
     * ...) delivered at once as {@code <alert id>.<revision>:<delivery number>}, so one key never
     * carries two bodies.
     */
    public String idempotencyKey() {
        return alert.getId() + (alert.getRevision() > 0 ? "." + alert.getRevision() : "") + ":" + number;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertDelivery d && number == d.number && summary == d.summary
                && Objects.equals(alert, d.alert);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alert, number, summary);
    }

    @Override
    public String toString() {
        return "AlertDelivery{" + idempotencyKey() + (summary ? " summary of " + alert.getCount() : "") + "}";
    }
}
