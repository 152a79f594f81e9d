package io.nsgflow.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A log4j2 properties file that sends a component's logs to one file. */
final class Log4jConfig {

    private Log4jConfig() {}

    /** Writes a config that logs at INFO to the file named by the system property {@code log.file}. */
    static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.name = file",
                "appender.file.type = File",
                "appender.file.append = true",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                "logger.zk.name = org.apache.zookeeper",
                "logger.zk.level = WARN",
                ""));
        return file;
    }
}
