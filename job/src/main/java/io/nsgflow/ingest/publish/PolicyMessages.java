package io.nsgflow.ingest.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.policy.PolicyValidationException;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Policy files turned into policy-topic messages, each validated exactly as the job's policy
 * decoder will read it ({@link PolicyUpdates#read}): a whole snapshot (cross-references checked) or
 * one resource, each with its {@code effectiveFrom}. Plain Java: no Kafka.
 */
public final class PolicyMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message: its key (one per resource or snapshot and effective time, as the job keeps it) and value. */
    public record Message(String file, String key, String json, PolicyUpdate update) {}

    private PolicyMessages() {}

    /**
     * Reads every file: a JSON object is one message; a JSON array is one message per element (one
     * resource each, as {@code az network nsg list} prints them). A message without
     * {@code effectiveFrom} gets {@code defaultFrom}; without that it is refused.
     *
     * @throws IllegalArgumentException naming the file (and the array element) and the problem
     */
    public static List<Message> read(List<String> files, Instant defaultFrom) {
        List<Message> out = new ArrayList<>();
        for (String file : files) {
            String text;
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--policy " + file + ": cannot read: " + e.getMessage());
            }
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("--policy " + file + ": not valid JSON: " + e.getOriginalMessage());
            }
            if (root != null && root.isArray()) {
                for (int i = 0; i < root.size(); i++) {
                    out.add(message(file + " [" + i + "]", file, root.get(i), null, defaultFrom));
                }
            } else {
                out.add(message(file, file, root, text, defaultFrom));
            }
        }
        return out;
    }

    private static Message message(String where, String file, JsonNode node, String original, Instant defaultFrom) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("--policy " + where + ": expected a JSON object (a snapshot or one resource)");
        }
        String json = original;
        if (!hasField(node, "effectiveFrom") && defaultFrom != null) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.put("effectiveFrom", defaultFrom.toString());
            json = copy.toString();
        } else if (json == null) {
            json = node.toString();
        }
        PolicyUpdate update;
        try {
            update = PolicyUpdates.read(json);
        } catch (PolicyValidationException e) {
            String hint = "effectiveFrom".equals(e.field()) && !hasField(node, "effectiveFrom")
                    ? " (give it in the file or with --" + PublishOptions.POLICY_EFFECTIVE_FROM.key() + ")" : "";
            throw new IllegalArgumentException("--policy " + where + ": " + e.getMessage() + hint);
        }
        return new Message(file, PolicyUpdates.key(update), json, update);
    }

    private static boolean hasField(JsonNode node, String name) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            if (it.next().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
