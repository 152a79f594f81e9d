package io.nsgflow.lateral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowListsTest {

    @TempDir
    Path dir;

    @Test
    void readsJsonLinesSkippingBlankAndCommentLines() {
        AllowList list = AllowLists.read("# scanners\n\n{\"source\":\"10.0.9.0/24\",\"reason\":\"Qualys\"}\n"
                + "{\"source\":\"10.0.1.5\",\"destination\":\"10.1.0.0/16\",\"ports\":[22,3389],"
                + "\"detectors\":[\"lateral.admin_fanout\",\"new_edge\"],\"expires\":\"2027-01-01T00:00:00Z\"}\n", "f");
        assertThat(list.entries).hasSize(2);
        AllowListEntry jump = list.entries.get(1);
        assertThat(jump.ports).containsExactly(22, 3389);
        assertThat(jump.detectors).containsExactly("admin_fanout", "new_edge");
        assertThat(jump.exempts("admin_fanout", "10.0.1.5", "10.1.2.3", 22, 0)).isTrue();
        assertThat(jump.exempts("port_scan", "10.0.1.5", "10.1.2.3", 22, 0)).isFalse();
        assertThat(jump.exempts("admin_fanout", "10.0.1.5", "10.2.2.3", 22, 0)).isFalse();
        assertThat(jump.exempts("admin_fanout", "10.0.1.5", "10.1.2.3", 445, 0)).isFalse();
        assertThat(jump.exempts("admin_fanout", "10.0.1.5", "10.1.2.3", 22, jump.expires)).isFalse();
        assertThat(list.entries.get(0).exempts("host_sweep", "10.0.9.77", "10.5.5.5", 1, 0)).isTrue();
    }

    @Test
    void aBadLineIsNamedWithOptionLineAndField() throws Exception {
        Path f = dir.resolve("allow.jsonl");
        Files.writeString(f, "{\"source\":\"10.0.9.0/24\"}\n{\"source\":\"10.0.300.0/24\"}\n");
        Configuration conf = new Configuration();
        conf.set(LateralOptions.ALLOW_LIST, f.toString());
        assertThatThrownBy(() -> LateralOptions.settings(conf))
                .hasMessageContaining("lateral.allow-list").hasMessageContaining("line 2")
                .hasMessageContaining("field 'source'");
        assertThatThrownBy(() -> AllowLists.read("{\"source\":\"10.0.0.0/8\",\"expires\":\"tomorrow\"}", "x"))
                .hasMessageContaining("line 1").hasMessageContaining("field 'expires'");
        assertThatThrownBy(() -> AllowLists.read("{\"source\":\"10.0.0.0/8\",\"detectors\":[\"scan\"]}", "x"))
                .hasMessageContaining("field 'detectors'");
        assertThatThrownBy(() -> AllowLists.read("{\"source\":\"10.0.0.0/8\",\"prots\":[22]}", "x"))
                .hasMessageContaining("field 'prots' is unknown");
        assertThatThrownBy(() -> AllowLists.read("{\"destination\":\"10.0.0.0/8\"}", "x"))
                .hasMessageContaining("field 'source' is required");
        assertThatThrownBy(() -> AllowLists.read("{\"source\":", "x")).hasMessageContaining("line 1: not JSON");
        conf.set(LateralOptions.ALLOW_LIST, dir.resolve("missing").toString());
        assertThatThrownBy(() -> LateralOptions.settings(conf)).hasMessageContaining("lateral.allow-list: cannot read");
    }

    @Test
    void aPolicyTopicMessageIsAnAllowList() throws Exception {
        var root = new ObjectMapper().readTree("{\"lateralAllowList\":[{\"source\":\"10.0.9.0/24\"}]}");
        assertThat(AllowLists.isMessage(root)).isTrue();
        assertThat(AllowLists.message(root, "m").entries).hasSize(1);
        assertThat(AllowLists.isMessage(new ObjectMapper().readTree("{\"virtualNetworks\":[]}"))).isFalse();
        assertThatThrownBy(() -> AllowLists.message(new ObjectMapper().readTree("{\"lateralAllowList\":[{}]}"), "m"))
                .hasMessageContaining("m entry 1").hasMessageContaining("field 'source'");
    }

    @Test
    void badThresholdsFailNamingTheOption() {
        Configuration conf = new Configuration();
        conf.set(LateralOptions.PIVOT_MAX_HOPS, 1);
        assertThatThrownBy(() -> LateralOptions.settings(conf)).hasMessageContaining("lateral.pivot.max-hops");
        Configuration c2 = new Configuration();
        c2.setString("lateral.internal-prefixes", "192.168.0.0/16;banana");
        assertThatThrownBy(() -> LateralOptions.settings(c2)).hasMessageContaining("lateral.internal-prefixes");
        Configuration c3 = new Configuration();
        c3.set(LateralOptions.PORT_SCAN_FAILED_PORTS, 0);
        assertThatThrownBy(() -> LateralOptions.settings(c3)).hasMessageContaining("lateral.port-scan.failed-ports");
    }
}
