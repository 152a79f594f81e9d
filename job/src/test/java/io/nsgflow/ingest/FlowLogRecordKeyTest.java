package io.nsgflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The NIC key of raw records, from each place Azure writes the MAC, in the form the job groups by. */
class FlowLogRecordKeyTest {

    private static String key(String record, String source) {
        return FlowLogRecordKey.of(record.getBytes(StandardCharsets.UTF_8), source);
    }

    @Test
    void theRecordsMacAddressInArmForm() {
        assertThat(key("{\"time\":\"t\",\"macAddress\":\"000D3AF87856\",\"flowRecords\":{}}", "f")).isEqualTo("00-0D-3A-F8-78-56");
        assertThat(key("{\"macAddress\":\"00:0d:3a:f8:78:56\"}", "f")).isEqualTo("00-0D-3A-F8-78-56");
    }

    @Test
    void elseTheFirstFlowGroupsMac() {
        assertThat(key("{\"properties\":{\"Version\":2,\"flows\":[{\"rule\":\"r\",\"flows\":[{\"mac\":\"000D3A1B2C3D\","
                + "\"flowTuples\":[]}]}]}}", "f")).isEqualTo("00-0D-3A-1B-2C-3D");
    }

    @Test
    void elseTheBlobsMacAddressSegment() {
        assertThat(key("{\"properties\":{\"flows\":[]}}",
                "resourceId=/SUBSCRIPTIONS/S/y=2026/m=11/d=20/h=10/m=00/macAddress=000D3AF87801/PT1H.json"))
                .isEqualTo("00-0D-3A-F8-78-01");
    }

    @Test
    void elseTheSourceAlsoForWhatIsNotJson() {
        assertThat(key("{\"time\":\"t\"}", "logs/a.json")).isEqualTo("logs/a.json");
        assertThat(key("not json", "logs/b.json")).isEqualTo("logs/b.json");
        // a MAC that is not one is no key
        assertThat(key("{\"macAddress\":\"nope\"}", "logs/c.json")).isEqualTo("logs/c.json");
    }
}
