package io.nsgflow.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a component's log, to put in an error message. */
final class LogTail {

    private static final int LINES = 40;

    private LogTail() {}

    static String of(Path... logs) {
        StringBuilder text = new StringBuilder();
        for (Path log : logs) {
            text.append("--- last lines of ").append(log).append(" ---\n");
            if (!Files.exists(log)) {
                text.append("(no such file)\n");
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                lines.subList(Math.max(0, lines.size() - LINES), lines.size())
                        .forEach(line -> text.append(line).append('\n'));
            } catch (IOException e) {
                text.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return text.toString();
    }
}
