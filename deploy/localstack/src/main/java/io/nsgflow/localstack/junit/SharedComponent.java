package io.nsgflow.localstack.junit;

import io.nsgflow.localstack.Distributions;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps one started component per test run in the root store of JUnit's extension context; JUnit
 * closes it when the whole run ends, so all test classes share it.
 */
final class SharedComponent {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create("nsgflow-localstack");

    /** System property with the folder for the components' files (default: the localstack module's target/stack). */
    static final String BASE_DIR_PROPERTY = "nsgflow.localstack.base-dir";

    private SharedComponent() {}

    static <T extends AutoCloseable> T get(ExtensionContext context, Class<T> type, Function<Path, T> starter) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        Closing<?> holder = store.getOrComputeIfAbsent(type.getName(),
                key -> new Closing<>(starter.apply(baseDir())), Closing.class);
        return type.cast(holder.component);
    }

    static Path baseDir() {
        String configured = System.getProperty(BASE_DIR_PROPERTY);
        return configured != null ? Path.of(configured) : Distributions.defaultBaseDir();
    }

    private static final class Closing<T extends AutoCloseable> implements ExtensionContext.Store.CloseableResource {
        final T component;

        Closing(T component) {
            this.component = component;
        }

        @Override
        public void close() throws Throwable {
            component.close();
        }
    }
}
