package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's snippets work when pasted into a project like this one, which has the starter and
 * both store modules: every Java snippet compiles as printed, imports included, and every Maven
 * snippet names a module of this build at its version.
 */
class ReadmeSnippetsTests {

    private static final Path ROOT = Path.of("..");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public (?:final )?class (\\w+)");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

    @Test
    void everyJavaSnippetCompilesAsPrinted(@TempDir Path work) throws IOException {
        List<String> snippets = snippets("java");
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(2);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (int i = 0; i < snippets.size(); i++) {
            String snippet = snippets.get(i);
            Matcher name = PUBLIC_CLASS.matcher(snippet);
            assertThat(name.find()).as("snippet %d declares a public class", i).isTrue();
            Path source = work.resolve("snippet" + i).resolve(name.group(1) + ".java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, snippet);
            ByteArrayOutputStream errors = new ByteArrayOutputStream();

            int status = javac.run(
                    null,
                    errors,
                    errors,
                    "-proc:none",
                    "-d",
                    work.resolve("classes" + i).toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    source.toString());

            assertThat(status)
                    .as("README snippet %d:%n%s%n%s", i, snippet, errors.toString(StandardCharsets.UTF_8))
                    .isZero();
        }
    }

    @Test
    void theCoreSnippetShowsTheKeyItBuilds() throws IOException {
        String key = IdempotencyKeys.buildKey("acme", "payments", "order-123", 4200L);

        assertThat(readme()).contains("// v1:acme:payments:" + key.substring("v1:acme:payments:".length()));
        assertThat(key).isEqualTo(IdempotencyKeys.buildKey("acme", "payments", "order-123", 4200));
    }

    @Test
    void everyMavenSnippetNamesAModuleOfThisBuildAtItsVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        // The build's version is set once, as -Drevision in .mvn/maven.config.
        String version = between(Files.readString(ROOT.resolve(".mvn/maven.config")), "-Drevision=", "\n");
        Set<String> modules = modules(parent);
        List<String> ours = new ArrayList<>();

        for (String snippet : snippets("xml")) {
            Matcher dependency = DEPENDENCY.matcher(snippet);
            while (dependency.find()) {
                String declared = dependency.group(1);
                if (!declared.contains("<groupId>io.github.idempotency</groupId>")) {
                    assertThat(declared)
                            .as("versions of other libraries come from Spring Boot")
                            .doesNotContain("<version>");
                    continue;
                }
                String artifactId = between(declared, "<artifactId>", "</artifactId>");
                ours.add(artifactId);
                assertThat(modules).as("a module of this build").contains(artifactId);
                if (declared.contains("<version>")) {
                    assertThat(between(declared, "<version>", "</version>")).isEqualTo(version);
                }
            }
        }

        assertThat(ours)
                .contains(
                        "idempotency-spring-boot-starter", "idempotency-redis", "idempotency-jdbc", "idempotency-bom");
        assertThat(readme())
                .contains("<artifactId>idempotency-bom</artifactId>\n      <version>" + version
                        + "</version>\n      <type>pom</type>\n      <scope>import</scope>");
    }

    private static Set<String> modules(String parentPom) throws IOException {
        Set<String> artifactIds = new HashSet<>();
        Matcher module = Pattern.compile("<module>(.*?)</module>").matcher(parentPom);
        while (module.find()) {
            String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
            artifactIds.add(between(ownCoordinates(pom), "<artifactId>", "</artifactId>"));
        }
        return artifactIds;
    }

    /** The part of a POM after its parent, where its own artifactId and version come first. */
    private static String ownCoordinates(String pom) {
        int parentEnd = pom.indexOf("</parent>");
        return parentEnd < 0 ? pom.substring(pom.indexOf("<modelVersion>")) : pom.substring(parentEnd);
    }

    private static List<String> snippets(String language) throws IOException {
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme());
        return block.results().map(match -> match.group(1)).collect(Collectors.toList());
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from)).trim();
    }
}
