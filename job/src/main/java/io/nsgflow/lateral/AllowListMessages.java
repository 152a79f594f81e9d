package io.nsgflow.lateral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.deadletter.DeadLetters;
import io.nsgflow.ingest.RawPayload;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Takes the allow-list messages ({@code {"lateralAllowList": [...]}}) off the policy topic; every
 * other message passes on to the policy decoder untouched. A bad allow-list message is a dead
 * letter naming the entry and field; the list in force stays.
 */
public class AllowListMessages extends ProcessFunction<RawPayload, RawPayload> {

    private static final long serialVersionUID = 1L;

    public static final String STAGE = "lateral-allow-list";
    public static final String INVALID_ALLOW_LIST = "INVALID_ALLOW_LIST";

    public static final OutputTag<AllowList> ALLOW_LISTS =
            new OutputTag<>("lateral-allow-lists", TypeInformation.of(AllowList.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("lateral-allow-list-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxPayloadBytes;

    public AllowListMessages(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void processElement(RawPayload payload, Context ctx, Collector<RawPayload> out) {
        byte[] bytes = payload.bytes;
        if (bytes == null || !mentionsAllowList(bytes)) {
            out.collect(payload);
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            out.collect(payload); // not JSON: the policy decoder says why
            return;
        }
        if (!AllowLists.isMessage(root)) {
            out.collect(payload);
            return;
        }
        String where = "allow-list message" + (payload.topic != null ? " (" + payload.topic + " partition "
                + payload.partition + " offset " + payload.offset + ")" : payload.file != null ? " (" + payload.file + ")" : "");
        try {
            ctx.output(ALLOW_LISTS, AllowLists.message(root, where));
        } catch (IllegalArgumentException e) {
            ctx.output(DEAD_LETTERS, DeadLetter.newBuilder()
                    .setStage(STAGE)
                    .setReason(INVALID_ALLOW_LIST)
                    .setMessage(e.getMessage())
                    .setOrigin(payload.origin(0))
                    .setPayload(DeadLetters.cut(bytes, maxPayloadBytes))
                    .setPayloadSize(bytes.length)
                    .setTime(System.currentTimeMillis())
                    .build());
        }
    }

    /** Cheap test before parsing: policy snapshots are large, and almost none is an allow-list. */
    private static boolean mentionsAllowList(byte[] bytes) {
        byte[] needle = AllowLists.MESSAGE_FIELD.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
