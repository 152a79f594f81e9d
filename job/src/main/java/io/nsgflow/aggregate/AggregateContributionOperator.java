package io.nsgflow.aggregate;

import io.nsgflow.evaluate.EvaluatedFlow;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Turns each evaluated flow into its two aggregate contributions and pre-aggregates them per key
 * and minute (local combining), emitting the partial totals timestamped with their window start.
 * Partials are emitted before every watermark goes on (so lateness downstream is decided exactly
 * as for single tuples), before every checkpoint barrier (so nothing is held in state), at the
 * end of input, and when {@code maxPartials} keys are held.
 *
 * <p>An operator rather than a function because it sets the timestamps itself: evaluated flows
 * released from waiting for a policy carry a timer's or a policy message's timestamp, and the
 * windows must go by the tuple's own time.
 */
final class AggregateContributionOperator extends AbstractStreamOperator<FlowAggregate>
        implements OneInputStreamOperator<EvaluatedFlow, FlowAggregate>, BoundedOneInput {

    private final int maxPartials;
    private transient PartialAggregates partials;
    private transient StreamRecord<FlowAggregate> reuse;

    AggregateContributionOperator(int maxPartials) {
        this.maxPartials = maxPartials;
    }

    @Override
    public void open() throws Exception {
        super.open();
        partials = new PartialAggregates();
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<EvaluatedFlow> element) {
        EvaluatedFlow e = element.getValue();
        partials.add(e);
        if (partials.size() >= maxPartials) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        partials.drain(p -> output.collect(reuse.replace(p, p.getWindowStart())));
    }
}
