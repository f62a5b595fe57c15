package dev.cairn.service.validation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkus.hibernate.validator.ValidatorFactoryCustomizer;
import jakarta.inject.Singleton;
import jakarta.validation.ParameterNameProvider;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.BaseHibernateValidatorConfiguration;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;

/**
 * Names what a violation is about as the client sent it: a constraint on {@code @QueryParam("config_id") String
 * configId} is reported for {@code config_id}, and a component {@code configId} of a request record (a JSON body,
 * snake_case like every Cairn payload) for {@code config_id} too. Other parameters and properties (configuration
 * mappings among them) keep their Java names.
 */
@Singleton
public class RequestNames implements ValidatorFactoryCustomizer {

    private static final PropertyNamingStrategies.NamingBase JSON = new PropertyNamingStrategies.SnakeCaseStrategy();

    @Override
    public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
        configuration.parameterNameProvider(new HttpParameterNames());
        configuration.propertyNodeNameProvider(RequestNames::propertyName);
    }

    static String propertyName(Property property) {
        if (property instanceof JavaBeanProperty bean
                && bean.getDeclaringClass().isRecord()) {
            return JSON.translate(property.getName());
        }
        return property.getName();
    }

    /** Resource-method parameters by their {@code @QueryParam}, {@code @PathParam}, ... name. */
    static final class HttpParameterNames implements ParameterNameProvider {

        @Override
        public List<String> getParameterNames(Constructor<?> constructor) {
            return names(constructor.getParameters());
        }

        @Override
        public List<String> getParameterNames(Method method) {
            return names(method.getParameters());
        }

        private static List<String> names(Parameter[] parameters) {
            List<String> names = new ArrayList<>(parameters.length);
            for (Parameter p : parameters) {
                names.add(httpName(p).orElse(p.getName()));
            }
            return names;
        }

        private static Optional<String> httpName(Parameter p) {
            for (Annotation a : p.getAnnotations()) {
                if (a instanceof QueryParam q) {
                    return Optional.of(q.value());
                } else if (a instanceof PathParam q) {
                    return Optional.of(q.value());
                } else if (a instanceof HeaderParam q) {
                    return Optional.of(q.value());
                } else if (a instanceof FormParam q) {
                    return Optional.of(q.value());
                }
            }
            return Optional.empty();
        }
    }
}
