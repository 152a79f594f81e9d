package io.nsgflow.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.alert.Alert;
import io.nsgflow.alert.AlertDelivery;
import io.nsgflow.alert.AlertDocument;
import io.nsgflow.alert.Severity;
import io.nsgflow.sink.webhook.WebhookRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The three payloads against their documented shapes: the Elasticsearch alert document; Slack's
 * incoming-webhook message (text + blocks, Block Kit limits); a Teams workflow message with an
 * Adaptive Card of schema 1.4 (element types and enumerations of the schema).
 */
class AlertPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T = Instant.parse("2026-11-20T10:05:00Z").toEpochMilli();

    private static Alert alert(String summary, Map<String, String> evidence) {
        return Alert.newBuilder()
                .setId("0123abcd").setType("drift.unexpected_allow").setSeverity(Severity.HIGH).setEntity("nic-web1")
                .setSummary(summary).setEvidence(evidence)
                .setTechniqueId("T1562.007").setTechniqueName("Impair Defenses: Disable or Modify Cloud Firewall")
                .setTactic("Defense Evasion").setFirstSeen(T).setLastSeen(T + 60_000).setCount(4L).setPolicyVersion("v2")
                .build();
    }

    private static AlertDelivery delivery() {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("observed", "allow by UserRule_AllowSshTemp of nsg-web1");
        evidence.put("flow", "TCP 198.51.100.7:40000 -> 10.1.1.4:22 inbound");
        return new AlertDelivery(alert("Allowed 198.51.100.7 -> 10.1.1.4:22/TCP, which <policy> & co deny", evidence), 2,
                true);
    }

    private static JsonNode payload(AlertDelivery d, WebhookFormat f) throws Exception {
        return JSON.readTree(AlertWebhookRequests.body(d, f));
    }

    @Test
    void jsonIsTheAlertDocumentAsIndexed() throws Exception {
        AlertDelivery d = delivery();
        JsonNode body = payload(d, WebhookFormat.JSON);
        assertThat(body).isEqualTo(JSON.readTree(AlertDocument.of(d.alert).toString()));
        assertThat(body.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(body.at("/event/id").asText()).isEqualTo("0123abcd");
        assertThat(body.at("/nsgflow/alert/count").asLong()).isEqualTo(4);
        assertThat(body.at("/nsgflow/alert/entity").asText()).isEqualTo("nic-web1");
    }

    @Test
    void slackHasTextAndBlocksWithinBlockKitLimits() throws Exception {
        JsonNode m = payload(delivery(), WebhookFormat.SLACK);

        assertThat(m.get("text").asText()).contains("HIGH").contains("drift.unexpected_allow").contains("nic-web1");
        assertValidSlackBlocks(m.get("blocks"));
        JsonNode header = m.get("blocks").get(0);
        assertThat(header.at("/text/text").asText()).isEqualTo("HIGH: drift.unexpected_allow (summary of 4)");
        // mrkdwn control characters are escaped, as Slack's formatting reference asks
        assertThat(m.get("blocks").get(1).at("/text/text").asText())
                .isEqualTo("Allowed 198.51.100.7 -&gt; 10.1.1.4:22/TCP, which &lt;policy&gt; &amp; co deny");
        assertThat(m.toString()).contains("*Entity*\\nnic-web1").contains("T1562.007")
                .contains("flow: `TCP 198.51.100.7:40000 -&gt; 10.1.1.4:22 inbound`")
                .contains("nsgflow alert 0123abcd, delivery 2");
    }

    @Test
    void slackCutsLongTextToTheLimits() throws Exception {
        String huge = "x".repeat(5000);
        AlertDelivery d = new AlertDelivery(alert(huge, Map.of("big", huge)), 1, false);
        JsonNode m = payload(d, WebhookFormat.SLACK);
        assertValidSlackBlocks(m.get("blocks"));
        assertThat(m.get("text").asText().length()).isLessThanOrEqualTo(3000);
    }

    @Test
    void teamsIsAWorkflowMessageWithAnAdaptiveCard14() throws Exception {
        JsonNode m = payload(delivery(), WebhookFormat.TEAMS);

        assertThat(m.get("type").asText()).isEqualTo("message");
        assertThat(m.get("attachments")).hasSize(1);
        JsonNode attachment = m.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.get("body").isArray()).isTrue();
        for (JsonNode element : card.get("body")) {
            assertValidCardElement(element);
        }
        assertThat(card.get("body").get(0).get("text").asText()).isEqualTo("HIGH: drift.unexpected_allow (summary of 4)");
        assertThat(card.get("body").get(0).get("color").asText()).isEqualTo("Attention");
        JsonNode facts = card.get("body").get(2).get("facts");
        assertThat(facts.get(0).get("title").asText()).isEqualTo("Entity");
        assertThat(facts.get(0).get("value").asText()).isEqualTo("nic-web1");
        // evidence in key order
        JsonNode evidence = card.get("body").get(4).get("facts");
        assertThat(evidence).extracting(f -> f.get("title").asText()).containsExactly("flow", "observed");
    }

    @Test
    void oneRequestPerUrlInItsFormatUnderOneIdempotencyKey() throws Exception {
        AlertDelivery d = delivery();
        List<WebhookRequest> requests = AlertWebhookRequests.of(d,
                List.of(WebhookFormat.JSON, WebhookFormat.SLACK, WebhookFormat.TEAMS));
        assertThat(requests).extracting(r -> r.target).containsExactly(0, 1, 2);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.idempotencyKey).isEqualTo("0123abcd:2");
            assertThat(r.subjectId).isEqualTo("0123abcd");
            assertThat(r.contentType).isEqualTo("application/json");
        });
        assertThat(JSON.readTree(requests.get(1).body).has("blocks")).isTrue();
        assertThat(JSON.readTree(requests.get(2).body).get("type").asText()).isEqualTo("message");
    }

    /** Block Kit: at most 50 blocks; header plain_text <= 150; section text <= 3000; fields <= 10 of <= 2000. */
    private static void assertValidSlackBlocks(JsonNode blocks) {
        assertThat(blocks.isArray()).isTrue();
        assertThat(blocks.size()).isBetween(1, 50);
        for (JsonNode b : blocks) {
            switch (b.get("type").asText()) {
                case "header" -> {
                    assertThat(b.at("/text/type").asText()).isEqualTo("plain_text");
                    assertThat(b.at("/text/text").asText().length()).isBetween(1, 150);
                }
                case "section" -> {
                    assertThat(b.has("text") || b.has("fields")).isTrue();
                    if (b.has("text")) {
                        assertThat(b.at("/text/type").asText()).isIn("mrkdwn", "plain_text");
                        assertThat(b.at("/text/text").asText().length()).isBetween(1, 3000);
                    }
                    if (b.has("fields")) {
                        assertThat(b.get("fields").size()).isBetween(1, 10);
                        for (JsonNode f : b.get("fields")) {
                            assertThat(f.get("type").asText()).isIn("mrkdwn", "plain_text");
                            assertThat(f.get("text").asText().length()).isBetween(1, 2000);
                        }
                    }
                }
                case "context" -> {
                    assertThat(b.get("elements").size()).isBetween(1, 10);
                    b.get("elements").forEach(e -> assertThat(e.get("type").asText()).isIn("mrkdwn", "plain_text"));
                }
                default -> throw new AssertionError("unexpected block " + b);
            }
        }
    }

    private static final Set<String> SIZES = Set.of("Default", "Small", "Medium", "Large", "ExtraLarge");
    private static final Set<String> WEIGHTS = Set.of("Default", "Lighter", "Bolder");
    private static final Set<String> COLORS = Set.of("Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention");

    /** The TextBlock and FactSet of the Adaptive Card schema 1.4: required fields and enumerations. */
    private static void assertValidCardElement(JsonNode e) {
        switch (e.get("type").asText()) {
            case "TextBlock" -> {
                assertThat(e.get("text").isTextual()).isTrue();
                assertThat(e.get("text").asText()).isNotEmpty();
                if (e.has("size")) {
                    assertThat(e.get("size").asText()).isIn(SIZES);
                }
                if (e.has("weight")) {
                    assertThat(e.get("weight").asText()).isIn(WEIGHTS);
                }
                if (e.has("color")) {
                    assertThat(e.get("color").asText()).isIn(COLORS);
                }
                for (String bool : List.of("wrap", "isSubtle", "separator")) {
                    if (e.has(bool)) {
                        assertThat(e.get(bool).isBoolean()).isTrue();
                    }
                }
            }
            case "FactSet" -> {
                assertThat(e.get("facts").size()).isPositive();
                e.get("facts").forEach(f -> {
                    assertThat(f.get("title").isTextual()).isTrue();
                    assertThat(f.get("value").isTextual()).isTrue();
                });
            }
            default -> throw new AssertionError("not an element this card should use: " + e);
        }
    }
}
