package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every {@code idempotency.*} property has IDE metadata with a description, and the README lists it. */
class PropertiesDocumentationTests {

    @Test
    void everyPropertyHasADescriptionAndARowInTheReadme() throws IOException {
        Map<String, Object> metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            metadata = BootLine.parseJson(in);
        }
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> names = new ArrayList<>();
        for (Object entry : (List<?>) metadata.get("properties")) {
            Map<?, ?> property = (Map<?, ?>) entry;
            String name = (String) property.get("name");
            if (!name.startsWith("idempotency.")) {
                continue;
            }
            names.add(name);
            assertThat((String) property.get("description")).as(name).isNotBlank();
            assertThat(readme).as("README row for " + name).contains("| `" + name + "` |");
        }
        assertThat(names).contains("idempotency.enabled", "idempotency.store.type", "idempotency.web.header-name");
    }
}
