package io.nsgflow.policy.timeline;

import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.deadletter.DeadLetterFactory;
import io.nsgflow.ingest.RawPayload;
import io.nsgflow.policy.PolicyValidationException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reads and validates policy messages (a snapshot or one resource, ARM or az shape); a message
 * that cannot be used goes to {@link #DEAD_LETTERS} with the reason naming resource and field.
 * Metrics (group {@code policy}): {@code updates}, {@code rejections}.
 */
public class PolicyDecodeFunction extends ProcessFunction<RawPayload, PolicyUpdate> {

    private static final long serialVersionUID = 1L;

    public static final String STAGE = "policy-decoder";

    /** Reason code of dead letters from this stage. */
    public static final String INVALID_POLICY = "INVALID_POLICY";

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("policy-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final DeadLetterFactory deadLetters;

    private transient Counter updates;
    private transient Counter rejections;

    public PolicyDecodeFunction(int maxPayloadBytes) {
        // the whole message is the excerpt's context: no excerpt of its own
        this.deadLetters = new DeadLetterFactory(STAGE, maxPayloadBytes, 0);
    }

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup().addGroup("policy");
        updates = group.counter("updates");
        rejections = group.counter("rejections");
    }

    @Override
    public void processElement(RawPayload payload, Context ctx, Collector<PolicyUpdate> out) {
        byte[] bytes = payload.bytes == null ? new byte[0] : payload.bytes;
        try {
            out.collect(PolicyUpdates.read(new String(bytes, StandardCharsets.UTF_8)));
            updates.inc();
        } catch (PolicyValidationException e) {
            rejections.inc();
            ctx.output(DEAD_LETTERS, deadLetters.of(INVALID_POLICY, e.getMessage(), payload.origin(0), e.field(), null,
                    bytes, System.currentTimeMillis()));
        }
    }
}
