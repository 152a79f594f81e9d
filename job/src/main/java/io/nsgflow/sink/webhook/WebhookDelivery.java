package io.nsgflow.sink.webhook;

import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Webhook delivery as a step of the dataflow: requests in, outcomes out (delivered or failed, the
 * failed ones to be dead-lettered by the caller). Flink's async operator bounds the requests in
 * flight ({@code webhook.max-in-flight}) and keeps them in its checkpointed state until they have an
 * outcome, so a restore sends them again.
 */
public final class WebhookDelivery {

    public static final TypeInformation<WebhookRequest> REQUEST = Types.POJO(WebhookRequest.class);
    public static final TypeInformation<WebhookOutcome> OUTCOME = Types.POJO(WebhookOutcome.class);

    private WebhookDelivery() {}

    public static SingleOutputStreamOperator<WebhookOutcome> deliver(DataStream<WebhookRequest> requests,
            WebhookSettings settings) {
        return AsyncDataStream.unorderedWait(requests, new WebhookDeliveryFunction(settings),
                        settings.operatorTimeout().toMillis(), TimeUnit.MILLISECONDS, settings.maxInFlight())
                .returns(OUTCOME)
                .uid("webhook-delivery")
                .name("webhook delivery");
    }
}
