package io.nsgflow.synthetic;

import io.nsgflow.evaluate.FlowEvaluator;
import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.DecodeResult;
import io.nsgflow.flowlog.FlowLogDecoder;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.Rejection;
import io.nsgflow.policy.timeline.PolicyTimeline;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A generated run, decoded and judged the way the job does it: the subject of the generator's tests. */
final class GeneratedRun {

    final EnterpriseScenario scenario;
    final GroundTruth truth;
    final List<FlowLogBlob> blobs = new ArrayList<>();
    final List<FlowRecord> records = new ArrayList<>();
    final Map<String, List<Rejection>> rejectionsByBlob = new HashMap<>();
    final Map<String, Integer> logRecordsByBlob = new HashMap<>();
    final List<EvaluatedFlow> judged = new ArrayList<>();
    final PolicyTimeline timeline = new PolicyTimeline();

    GeneratedRun(EnterpriseScenario scenario, long seed, Instant start, GeneratorOptions options) throws Exception {
        this.scenario = scenario;
        FlowLogGenerator g = new FlowLogGenerator(scenario, seed, start, options);
        for (int m = 0; m < g.minutes(); m++) {
            blobs.addAll(g.minute(m));
        }
        truth = g.groundTruth();
        FlowLogDecoder decoder = new FlowLogDecoder();
        for (FlowLogBlob b : blobs) {
            DecodeResult r = decoder.decode(b.bytes());
            records.addAll(r.flowRecords());
            logRecordsByBlob.put(b.name(), r.logRecords());
            if (!r.rejections().isEmpty()) {
                rejectionsByBlob.put(b.name(), r.rejections());
            }
        }
        timeline.add(PolicyUpdates.read(scenario.snapshotV1Json()));
        timeline.add(PolicyUpdates.read(scenario.changeV2Json()));
        for (FlowRecord f : records) {
            judged.add(FlowEvaluator.evaluate(f, timeline.at(f.getEventTime())));
        }
    }
}
