package io.nsgflow.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() throws Exception {
        DemoOptions o = DemoOptions.parse(new String[] {"--jar", "job/target/nsgflow.jar"});
        assertThat(o.jar()).isEqualTo(Path.of("job/target/nsgflow.jar"));
        assertThat(o.keep()).isFalse();
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.minutes()).isEqualTo(24);
        assertThat(o.connectionsPerMinute()).isEqualTo(400);
        assertThat(o.driftPerType()).isEqualTo(3);
        assertThat(o.paceMillis()).isEqualTo(1000);
        assertThat(o.timeoutSeconds()).isEqualTo(180);
        assertThat(o.feed()).isEqualTo(DemoOptions.Feed.KAFKA);
        assertThat(o.baseDir().isAbsolute()).isTrue();
        assertThat(o.baseDir().endsWith(Path.of("deploy/localstack/target/stack"))).isTrue();
    }

    @Test
    void optionsAreRead() throws Exception {
        DemoOptions o = DemoOptions.parse(new String[] {"--keep", "--jar", "x.jar", "--seed", "7", "--minutes", "10",
                "--connections-per-minute", "4000", "--drift-per-type", "0", "--pace-ms", "0", "--timeout-s", "60"});
        assertThat(o.keep()).isTrue();
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.minutes()).isEqualTo(10);
        assertThat(o.connectionsPerMinute()).isEqualTo(4000);
        assertThat(o.driftPerType()).isZero();
        assertThat(o.paceMillis()).isZero();
        assertThat(o.timeoutSeconds()).isEqualTo(60);
        assertThat(DemoOptions.parse(new String[] {"--jar", "x.jar", "--feed", "azurite"}).feed())
                .isEqualTo(DemoOptions.Feed.AZURITE);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {})).hasMessageContaining("--jar");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--jar", "x", "--minutes", "3"}))
                .hasMessageContaining("--minutes").hasMessageContaining("at least 4");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--jar", "x", "--seed", "abc"}))
                .hasMessageContaining("--seed").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--jar", "x", "--records", "5"}))
                .hasMessageContaining("unknown option: --records");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--jar"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--jar", "x", "--feed", "blob"}))
                .hasMessageContaining("--feed").hasMessageContaining("'blob'");
    }
}
