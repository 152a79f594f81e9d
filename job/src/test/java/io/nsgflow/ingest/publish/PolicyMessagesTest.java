package io.nsgflow.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.policy.timeline.PolicyUpdateKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy files to policy-topic messages: shapes, effectiveFrom given or defaulted, validation before sending. */
class PolicyMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DEFAULT = Instant.parse("2026-11-20T09:00:00Z");
    private static final String NSG = "{\"id\":\"/s/rg/providers/Microsoft.Network/networkSecurityGroups/%s\",\"name\":\"%s\","
            + "\"type\":\"Microsoft.Network/networkSecurityGroups\",\"securityRules\":[]%s}";

    @TempDir
    Path tmp;

    private String file(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f.toString();
    }

    @Test
    void anArrayIsOneMessagePerResourceAndAFileWithItsOwnTimeKeepsIt() throws Exception {
        String list = file("nsgs.json", "[" + NSG.formatted("a", "a", "") + "," + NSG.formatted("b", "b", "") + "]");
        String own = file("c.json", NSG.formatted("c", "c", ",\"effectiveFrom\":\"2026-11-21T00:00:00Z\""));
        List<PolicyMessages.Message> m = PolicyMessages.read(List.of(list, own), DEFAULT);
        assertThat(m).hasSize(3);
        assertThat(m).allSatisfy(x -> assertThat(x.update().getKind()).isEqualTo(PolicyUpdateKind.RESOURCE));
        assertThat(JSON.readTree(m.get(0).json()).get("effectiveFrom").asText()).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(JSON.readTree(m.get(1).json()).get("name").asText()).isEqualTo("b");
        // its own text, untouched
        assertThat(m.get(2).json()).isEqualTo(NSG.formatted("c", "c", ",\"effectiveFrom\":\"2026-11-21T00:00:00Z\""));
        assertThat(m.get(2).update().getEffectiveFrom()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z").toEpochMilli());
        assertThat(m.get(0).key()).isNotEqualTo(m.get(1).key());
    }

    @Test
    void withoutEffectiveFromAndWithoutTheOptionAFileIsRefusedNamingBoth() throws Exception {
        String f = file("nsg.json", NSG.formatted("a", "a", ""));
        assertThatThrownBy(() -> PolicyMessages.read(List.of(f), null))
                .hasMessageContaining("nsg.json").hasMessageContaining("effectiveFrom")
                .hasMessageContaining("--policy.effective-from");
    }

    @Test
    void anInvalidElementIsNamedByFileAndIndex() throws Exception {
        String f = file("nsgs.json", "[" + NSG.formatted("a", "a", "") + ",{\"id\":\"/s/x\",\"name\":\"x\"}]");
        assertThatThrownBy(() -> PolicyMessages.read(List.of(f), DEFAULT)).hasMessageContaining("nsgs.json [1]");
        String notJson = file("broken.json", "{\"id\":");
        assertThatThrownBy(() -> PolicyMessages.read(List.of(notJson), DEFAULT)).hasMessageContaining("broken.json")
                .hasMessageContaining("not valid JSON");
    }
}
