package io.nsgflow.sink.elasticsearch;

import io.nsgflow.ids.ContentIds;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.deadletter.DeadLetterJson;
import io.nsgflow.deadletter.DeadLetterOrigin;
import io.nsgflow.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Turns a document Elasticsearch refused for good into a dead-letter document for the dead-letter index. */
final class DeadLetterItems {

    static final String STAGE = "elasticsearch-sink";
    /** Documents are kept whole up to this size; the dead-letter index stores, but does not index, them. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    static final int MAX_MESSAGE_CHARS = 2_000;

    private DeadLetterItems() {}

    /** Machine-readable reason for a refused item. */
    static String reasonCode(int status, String errorType) {
        String type = errorType == null ? "" : errorType.toLowerCase(Locale.ROOT);
        if (type.contains("mapper_parsing") || type.contains("document_parsing") || type.contains("illegal_argument")
                || type.contains("strict_dynamic_mapping")) {
            return "MAPPING_ERROR";
        }
        if (type.contains("cluster_block")) {
            return "INDEX_BLOCKED";
        }
        if (status == 404) {
            return "INDEX_NOT_FOUND";
        }
        if (status == 409) {
            return "VERSION_CONFLICT";
        }
        return "REJECTED";
    }

    static BulkItem refused(BulkItem failed, ItemResult result, long now, IndexNames names) {
        return of(failed, reasonCode(result.status(), result.errorType()),
                "Elasticsearch refused the document: " + result.describe(), now, names);
    }

    static BulkItem retriesExhausted(BulkItem failed, ItemResult result, long now, IndexNames names) {
        return of(failed, "RETRIES_EXHAUSTED", "Elasticsearch refused the document " + (failed.attempts() + 1)
                + " times, last: " + result.describe(), now, names);
    }

    private static BulkItem of(BulkItem failed, String reason, String message, long now, IndexNames names) {
        byte[] payload = failed.json().getBytes(StandardCharsets.UTF_8);
        DeadLetter deadLetter = DeadLetter.newBuilder()
                .setStage(STAGE)
                .setReason(reason)
                .setMessage(DeadLetters.cut(message, MAX_MESSAGE_CHARS))
                .setOrigin(DeadLetterOrigin.newBuilder().setKind("elasticsearch")
                        .setDetail(failed.index() + "/" + failed.id()).build())
                .setPayload(DeadLetters.cut(payload, MAX_PAYLOAD_BYTES))
                .setPayloadSize(payload.length)
                .setTime(now)
                .build();
        String id = ContentIds.of("deadletter", failed.index(),
                failed.id() != null ? failed.id() : ContentIds.of(failed.json()));
        return new BulkItem(names.daily(IndexNames.DEADLETTER, now), id,
                new String(DeadLetterJson.toJsonBytes(deadLetter), java.nio.charset.StandardCharsets.UTF_8), 0);
    }

    /** Whether the item is itself a dead letter (it must not be dead-lettered again). */
    static boolean isDeadLetter(BulkItem item, IndexNames names) {
        return item.index().startsWith(names.prefix() + "-" + IndexNames.DEADLETTER + "-");
    }
}
