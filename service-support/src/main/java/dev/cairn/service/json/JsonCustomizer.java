package dev.cairn.service.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Gives Quarkus' {@link ObjectMapper} (the one REST and every injection point use) Cairn's JSON settings, by calling
 * the one method that defines them: {@link Json#configure}.
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
