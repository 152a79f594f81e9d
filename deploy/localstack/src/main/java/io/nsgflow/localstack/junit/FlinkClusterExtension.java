package io.nsgflow.localstack.junit;

import io.nsgflow.localstack.FlinkSessionCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link FlinkSessionCluster} for the whole test run (the first class that needs it starts it; all
 * classes share it; it stops when the run ends) and injects it into constructors and test or
 * lifecycle methods that take a {@code FlinkSessionCluster} parameter.
 */
public final class FlinkClusterExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FlinkSessionCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    private static FlinkSessionCluster shared(ExtensionContext context) {
        return SharedComponent.get(context, FlinkSessionCluster.class, dir -> FlinkSessionCluster.start(dir));
    }
}
