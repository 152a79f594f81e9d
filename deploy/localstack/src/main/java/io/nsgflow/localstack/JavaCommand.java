package io.nsgflow.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines that start a class of a component on the JDK that runs this code. */
final class JavaCommand {

    private JavaCommand() {}

    static String javaHome() {
        return System.getProperty("java.home");
    }

    static List<String> of(Path libDir, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(javaHome(), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(libDir.toAbsolutePath() + "/*");
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
