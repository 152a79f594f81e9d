package io.nsgflow.localstack.junit;

import io.nsgflow.localstack.Azurite;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link Azurite} for the whole test run (the first class that needs it starts it; all
 * classes share it; it stops when the run ends) and injects it into constructors and test or
 * lifecycle methods that take an {@code Azurite} parameter.
 */
public final class AzuriteExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Azurite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    private static Azurite shared(ExtensionContext context) {
        return SharedComponent.get(context, Azurite.class, dir -> Azurite.start(dir));
    }
}
