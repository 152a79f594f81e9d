package io.nsgflow.pipeline;

import io.nsgflow.aggregate.AggregateOptions;
import io.nsgflow.aggregate.AggregateStreams;
import io.nsgflow.aggregate.FlowAggregate;
import io.nsgflow.alert.Alert;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.drift.DriftAlerts;
import io.nsgflow.drift.DriftFinding;
import io.nsgflow.drift.DriftFindingFunction;
import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.PolicyReevaluationFunction;
import io.nsgflow.evaluate.ReevaluationOptions;
import io.nsgflow.flowlog.FlowLogOptions;
import io.nsgflow.flowlog.FlowLogStreams;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.ingest.RawPayload;
import io.nsgflow.lateral.AllowListMessages;
import io.nsgflow.lateral.LateralOptions;
import io.nsgflow.lateral.LateralSettings;
import io.nsgflow.lateral.LateralStreams;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import io.nsgflow.policy.timeline.PolicyDecodeFunction;
import io.nsgflow.policy.timeline.PolicyUpdate;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The nsgflow dataflow, the same in every mode: raw flow logs and policy messages in, evaluated
 * flows, drift findings, alerts, per-minute aggregates and dead letters out. Sources and sinks belong to the caller
 * ({@code stream}: Kafka and Elasticsearch; {@code replay}: files; tests: whatever they need).
 */
public final class NsgflowPipeline {

    /**
     * @param flowLogs raw Azure flow-log payloads
     * @param policyMessages raw policy messages (snapshots or single resources)
     * @param initialPolicy versions known before the job starts, judged with before any message arrives
     */
    public record Inputs(DataStream<RawPayload> flowLogs, DataStream<RawPayload> policyMessages,
            List<PolicyUpdate> initialPolicy) {}

    public record Outputs(DataStream<EvaluatedFlow> evaluatedFlows, DataStream<DriftFinding> driftFindings,
            DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters, DataStream<FlowAggregate> aggregates) {}

    private NsgflowPipeline() {}

    /** Validates the options (failing with the option's name) and builds the dataflow. */
    public static Outputs build(Inputs in, Configuration conf) {
        FlowLogOptions.validate(conf);
        ReevaluationOptions.validate(conf);
        AggregateOptions.validate(conf);
        LateralSettings lateral = conf.get(LateralOptions.ENABLED) ? LateralOptions.settings(conf) : null;

        SingleOutputStreamOperator<FlowRecord> decoded = FlowLogStreams.decode(in.flowLogs(), conf);
        DataStream<FlowRecord> flows = decoded;

        // allow-list messages share the policy topic; the policy decoder sees every other message
        SingleOutputStreamOperator<RawPayload> policyMessages = in.policyMessages()
                .process(new AllowListMessages(conf.get(FlowLogOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES)),
                        TypeInformation.of(RawPayload.class))
                .uid("lateral-allow-list-messages")
                .name("allow-list messages");
        SingleOutputStreamOperator<PolicyUpdate> policy = policyMessages
                .process(new PolicyDecodeFunction(conf.get(FlowLogOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES)),
                        new AvroTypeInfo<>(PolicyUpdate.class))
                .uid("policy-decoder")
                .name("policy decoder");

        DataStream<EvaluatedFlow> evaluated = flows
                .keyBy(PolicyReevaluationFunction::nicKey)
                .connect(policy.broadcast(PolicyReevaluationFunction.broadcastStates()))
                .process(new PolicyReevaluationFunction(
                                in.initialPolicy(),
                                conf.get(ReevaluationOptions.POLICY_MAX_WAIT),
                                conf.get(ReevaluationOptions.POLICY_MAX_WAITING_PER_NIC),
                                conf.get(ReevaluationOptions.POLICY_ALLOWED_LATENESS)),
                        new AvroTypeInfo<>(EvaluatedFlow.class))
                .uid("policy-reevaluator")
                .name("re-evaluate against policy");

        DataStream<DriftFinding> drift = evaluated
                .flatMap(new DriftFindingFunction(), new AvroTypeInfo<>(DriftFinding.class))
                .uid("drift-detector")
                .name("drift findings");

        DataStream<Alert> alerts = drift
                .map(DriftAlerts::of, new AvroTypeInfo<>(Alert.class))
                .uid("drift-alerts")
                .name("drift alerts");
        if (lateral != null) {
            alerts = alerts.union(LateralStreams.build(evaluated,
                    policyMessages.getSideOutput(AllowListMessages.ALLOW_LISTS), lateral));
        }

        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(io.nsgflow.flowlog.FlowLogDecodeFunction.DEAD_LETTERS)
                .union(policy.getSideOutput(PolicyDecodeFunction.DEAD_LETTERS),
                        policyMessages.getSideOutput(AllowListMessages.DEAD_LETTERS));

        DataStream<FlowAggregate> aggregates = AggregateStreams.build(evaluated, conf);

        return new Outputs(evaluated, drift, alerts, deadLetters, aggregates);
    }
}
