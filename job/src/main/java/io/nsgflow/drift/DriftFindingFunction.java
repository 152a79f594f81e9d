package io.nsgflow.drift;

import io.nsgflow.evaluate.EvaluatedFlow;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/** Keeps the evaluated flows that drift from the policy, as findings; counts them per type (metrics drift.<type>). */
public class DriftFindingFunction extends RichFlatMapFunction<EvaluatedFlow, DriftFinding> {

    private static final long serialVersionUID = 1L;

    private transient Map<DriftType, Counter> found;

    @Override
    public void open(OpenContext openContext) {
        found = new EnumMap<>(DriftType.class);
        for (DriftType t : DriftType.values()) {
            found.put(t, getRuntimeContext().getMetricGroup().addGroup("drift").counter(DriftDocument.typeName(t)));
        }
    }

    @Override
    public void flatMap(EvaluatedFlow flow, Collector<DriftFinding> out) {
        DriftFinding f = DriftFindings.of(flow);
        if (f != null) {
            found.get(f.getType()).inc();
            out.collect(f);
        }
    }
}
