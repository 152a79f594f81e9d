package io.nsgflow.alert.delivery;

import io.nsgflow.alert.Alert;
import io.nsgflow.alert.AlertDelivery;
import io.nsgflow.alert.AlertThrottle;
import io.nsgflow.alert.AlertThrottleFunction;
import io.nsgflow.alert.Severity;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.sink.webhook.WebhookDelivery;
import io.nsgflow.sink.webhook.WebhookOptions;
import io.nsgflow.sink.webhook.WebhookOutcome;
import io.nsgflow.sink.webhook.WebhookRequest;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The alert path of the dataflow: alerts at or above {@code alert.min-severity}, throttled per
 * (type, entity) in event time, as webhook requests in each URL's format; delivered in
 * {@code stream}, written to {@code webhooks.jsonl} in {@code replay}.
 */
public final class AlertWebhookStreams {

    public static final TypeInformation<AlertDelivery> DELIVERY = Types.POJO(AlertDelivery.class);

    private AlertWebhookStreams() {}

    /** Checks the options of the alert path (throttling, formats, delivery), naming the option at fault. */
    public static void validate(Configuration conf) {
        WebhookOptions.validate(conf);
        AlertOptions.validate(conf);
    }

    /** The alerts to deliver, throttled: the first of a key at once, then one summary per interval. */
    public static DataStream<AlertDelivery> throttled(DataStream<Alert> alerts, Configuration conf) {
        Severity min = AlertOptions.minSeverity(conf);
        return alerts
                .filter(a -> a.getSeverity().compareTo(min) >= 0)
                .uid("alert-min-severity").name("alerts to deliver (alert.min-severity)")
                .keyBy(AlertThrottle::key, Types.STRING)
                .process(new AlertThrottleFunction(conf.get(AlertOptions.THROTTLE_INTERVAL),
                        conf.get(AlertOptions.THROTTLE_MAX_EVIDENCE_VALUES)), DELIVERY)
                .uid("alert-throttle").name("throttle alerts per type and entity");
    }

    /**
     * What {@code stream} would deliver, as JSON lines for {@code replay}'s webhooks.jsonl: one per
     * delivery and URL (one {@code json} line per delivery when no URL is set), nothing sent.
     */
    public static DataStream<String> wouldDeliver(DataStream<Alert> alerts, Configuration conf) {
        List<WebhookFormat> formats = AlertOptions.formats(conf);
        List<String> endpoints = WebhookOptions.urls(conf).stream().map(WebhookOptions::endpoint).toList();
        return throttled(alerts, conf)
                .flatMap((AlertDelivery d, org.apache.flink.util.Collector<String> out) -> {
                    for (int target = 0; target < formats.size(); target++) {
                        out.collect(WebhookLines.of(d, target, endpoints.isEmpty() ? null : endpoints.get(target),
                                formats.get(target)));
                    }
                }, Types.STRING)
                .uid("webhook-lines").name("webhooks as JSON");
    }

    /** The requests of each delivery, one per configured URL (one json request when no URL is set). */
    public static DataStream<WebhookRequest> requests(DataStream<AlertDelivery> deliveries, Configuration conf) {
        List<WebhookFormat> formats = AlertOptions.formats(conf);
        return deliveries
                .flatMap((AlertDelivery d, org.apache.flink.util.Collector<WebhookRequest> out) ->
                        AlertWebhookRequests.of(d, formats).forEach(out::collect), WebhookDelivery.REQUEST)
                .uid("webhook-requests").name("webhook payloads");
    }

    /**
     * Delivers the alerts as webhooks and returns the failed deliveries as dead letters; only when
     * {@link WebhookOptions#enabled} (a URL is set).
     */
    public static DataStream<DeadLetter> deliver(DataStream<Alert> alerts, Configuration conf, int maxPayloadBytes) {
        DataStream<WebhookOutcome> outcomes = WebhookDelivery.deliver(requests(throttled(alerts, conf), conf),
                WebhookOptions.settings(conf));
        return outcomes
                .filter(o -> !o.delivered).uid("webhook-failures").name("failed webhook deliveries")
                .map(o -> WebhookDeadLetters.of(o, maxPayloadBytes), new AvroTypeInfo<>(DeadLetter.class))
                .uid("webhook-dead-letters").name("webhook dead letters");
    }
}
