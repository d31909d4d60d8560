package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every {@code idempotency.*} property has IDE metadata with a description, and the README lists it. */
class PropertiesDocumentationTests {

    @Test
    void everyPropertyHasADescriptionAndARowInTheReadme() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            metadata = JsonMapper.shared().readTree(in);
        }
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            if (!name.startsWith("idempotency.")) {
                continue;
            }
            names.add(name);
            assertThat(property.path("description").asString()).as(name).isNotBlank();
            assertThat(readme).as("README row for " + name).contains("| `" + name + "` |");
        }
        assertThat(names).contains("idempotency.enabled", "idempotency.store.type", "idempotency.web.header-name");
    }
}
