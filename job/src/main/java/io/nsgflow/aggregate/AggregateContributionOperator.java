package io.nsgflow.aggregate;

import io.nsgflow.drift.EvaluatedFlow;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Turns each evaluated flow into its two aggregate contributions, timestamped with the tuple's own
 * event time. An operator rather than a function because it must set the timestamp: evaluated
 * flows released from waiting for a policy carry the timer's or the policy message's timestamp,
 * and the windows must go by the tuple's time.
 */
final class AggregateContributionOperator extends AbstractStreamOperator<FlowAggregate>
        implements OneInputStreamOperator<EvaluatedFlow, FlowAggregate> {

    private transient StreamRecord<FlowAggregate> reuse;

    @Override
    public void processElement(StreamRecord<EvaluatedFlow> element) {
        if (reuse == null) {
            reuse = new StreamRecord<>(null);
        }
        EvaluatedFlow e = element.getValue();
        long time = e.getFlow().getEventTime();
        output.collect(reuse.replace(FlowAggregates.rule(e), time));
        output.collect(reuse.replace(FlowAggregates.traffic(e), time));
    }
}
