package io.nsgflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command shows that it is working while it builds: run-local.sh pipes Maven
 * through deploy/maven-progress.sh, which prints a line per module as Maven starts it, the errors
 * and the result, and keeps Maven's whole output, without escape codes, in a log.
 */
class RunLocalBuildTest {

    private static final Path DEPLOY = Path.of("..");

    /** Maven 3.8.7's output as it writes it with -B: jansi's reset codes around it, a line per module. */
    private static final String MAVEN = "\u001b[0m\u001b[0m[INFO] Scanning for projects...\n"
            + "[INFO] Building nsgflow 0.1.0-SNAPSHOT                                   [1/10]\n"
            + "[INFO] --- maven-jar-plugin:3.4.2:jar (default-jar) @ nsgflow-schemas ---\n"
            + "[INFO] Building jar: /src/schemas/target/nsgflow-schemas-0.1.0-SNAPSHOT.jar\n"
            + "[INFO] Building nsgflow job 0.1.0-SNAPSHOT                               [6/10]\n"
            + "[ERROR] COMPILATION ERROR : \n"
            + "[INFO] Building nsgflow benchmarks 0.1.0-SNAPSHOT                       [10/10]\n"
            + "[INFO] BUILD FAILURE\n"
            + "\u001b[0m\u001b[0m";

    @Test
    void theBuildShowsEachModuleTheErrorsAndTheResultWithoutEscapeCodes(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("logs").resolve("build.log");
        Process p = new ProcessBuilder("bash", DEPLOY.resolve("maven-progress.sh").toString(), log.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().write(MAVEN.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        assertThat(shown.lines().toList()).hasSize(5);
        assertThat(shown).containsPattern("(?m)^  \\[1/10\\] nsgflow \\(\\d+ s\\)$")
                .containsPattern("(?m)^  \\[6/10\\] nsgflow job \\(\\d+ s\\)$")
                .containsPattern("(?m)^  \\[10/10\\] nsgflow benchmarks \\(\\d+ s\\)$")
                .contains("[ERROR] COMPILATION ERROR")
                .containsPattern("(?m)^  BUILD FAILURE after \\d+ s \\(full log: .*build.log\\)$")
                .doesNotContain("\u001b").doesNotContain("Building jar");
        String logged = Files.readString(log);
        assertThat(logged).doesNotContain("\u001b").isEqualTo(MAVEN.replace("\u001b[0m", ""));
    }

    @Test
    void runLocalBuildsThroughTheProgressFilterNotQuietly() throws Exception {
        String script = Files.readString(DEPLOY.resolve("run-local.sh"));
        assertThat(script).contains("| bash deploy/maven-progress.sh").doesNotContain("mvn -B -q install");
    }
}
