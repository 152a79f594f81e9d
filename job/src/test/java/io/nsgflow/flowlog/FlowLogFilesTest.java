package io.nsgflow.flowlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files replay reads and publish publishes: path order, what the file source skips, a missing path. */
class FlowLogFilesTest {

    @TempDir
    Path tmp;

    private Path file(String relative) throws Exception {
        Path f = tmp.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{}");
        return f;
    }

    @Test
    void foldersInPathOrderSkippingDotAndUnderscoreNamesAtAnyDepth() throws Exception {
        Path h11 = file("logs/y=2026/m=11/d=20/h=11/m=00/macAddress=000D3AF87801/PT1H.json");
        Path h10 = file("logs/y=2026/m=11/d=20/h=10/m=00/macAddress=000D3AF87801/PT1H.json");
        Path h09 = file("logs/y=2026/m=11/d=20/h=09/m=00/macAddress=000D3AF87802/PT1H.json");
        file("logs/_SUCCESS");
        file("logs/.hidden/PT1H.json");
        file("logs/y=2026/_temporary/PT1H.json");
        Path single = file("one/record.json");
        assertThat(FlowLogFiles.list(List.of(single.toString(), tmp.resolve("logs").toString())))
                .containsExactly(single, h09, h10, h11);
    }

    @Test
    void aMissingPathIsNamed() {
        assertThatThrownBy(() -> FlowLogFiles.list(List.of(tmp.resolve("nope").toString())))
                .hasMessageContaining("--flows").hasMessageContaining("nope").hasMessageContaining("no such file");
    }
}
