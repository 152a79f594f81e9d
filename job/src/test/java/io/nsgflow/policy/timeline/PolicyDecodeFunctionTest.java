package io.nsgflow.policy.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.ingest.RawPayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PolicyDecodeFunctionTest {

    private static final String NSG = "{\"effectiveFrom\":\"2026-11-20T12:00:00Z\",\"name\":\"nsg-a\","
            + "\"id\":\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-a\","
            + "\"securityRules\":[{\"name\":\"AllowWeb\",\"priority\":100,\"direction\":\"Inbound\",\"access\":\"Allow\","
            + "\"protocol\":\"Tcp\",\"sourceAddressPrefix\":\"*\",\"sourcePortRange\":\"*\",\"destinationAddressPrefix\":\"*\","
            + "\"destinationPortRange\":\"443\"}]}";

    private static RawPayload kafka(String json, long offset) {
        return RawPayload.fromKafka(json.getBytes(StandardCharsets.UTF_8), "policy", 0, offset);
    }

    @Test
    void validMessagesBecomeUpdatesAndBadOnesDeadLettersWithTheReason() throws Exception {
        OneInputStreamOperatorTestHarness<RawPayload, PolicyUpdate> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new PolicyDecodeFunction(16));
        h.processElement(kafka(NSG, 1), 0);
        h.processElement(kafka(NSG.replace("\"priority\":100", "\"priority\":5000"), 2), 0);
        h.processElement(kafka("{not json", 3), 0);

        assertThat(h.extractOutputValues()).singleElement().satisfies(u -> {
            assertThat(u.getKind()).isEqualTo(PolicyUpdateKind.RESOURCE);
            assertThat(u.getResourceKey()).endsWith("networksecuritygroups/nsg-a");
            assertThat(u.getEffectiveFrom()).isEqualTo(java.time.Instant.parse("2026-11-20T12:00:00Z").toEpochMilli());
        });
        List<DeadLetter> dead = h.getSideOutput(PolicyDecodeFunction.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue).collect(Collectors.toList());
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).getMessage()).contains("nsg-a").contains("priority");
        assertThat(dead.get(0).getOrigin().getOffset()).isEqualTo(2L);
        assertThat(dead.get(0).getPayload().remaining()).isEqualTo(16); // cut to the configured size
        assertThat(dead.get(0).getPayloadSize()).isEqualTo(NSG.length() + 1); // "5000" is one digit longer than "100"
        assertThat(dead.get(1).getReason()).isEqualTo(PolicyDecodeFunction.INVALID_POLICY);
        assertThat(dead.get(1).getMessage()).contains("not valid JSON");
        h.close();
    }
}
