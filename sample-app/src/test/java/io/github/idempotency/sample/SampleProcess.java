package io.github.idempotency.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The sample application in a JVM of its own, started from the test class path (the module's
 * classes and its runtime dependencies, without the test classes), as {@code java -jar} would run
 * it but before the jar is packaged. It listens on a port the system chose, read from its log. It is
 * always killed: by {@link #close()}, and by a shutdown hook should the test JVM end first.
 */
final class SampleProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(45);

    private final Process process;
    private final Path log;
    private final Thread killer;
    private final int port;

    private SampleProcess(Process process, Path log) throws IOException, InterruptedException {
        this.process = process;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, "kill-" + log.getFileName());
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            this.port = awaitPort();
        } catch (IOException | InterruptedException | RuntimeException | AssertionError ex) {
            close();
            throw ex;
        }
    }

    /**
     * Starts an instance with the given arguments (profiles, properties) and returns once it serves
     * HTTP.
     *
     * @throws AssertionError when it exits or does not start within 45 s, with its log's tail
     */
    static SampleProcess start(String name, List<String> arguments) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(Path.of("target", "sample-processes"));
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                applicationClassPath(),
                SampleApplication.class.getName(),
                "--server.port=0",
                "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new SampleProcess(process, log);
    }

    /** The port the instance serves HTTP on. */
    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will: the process is gone either way
        }
    }

    private int awaitPort() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher started = STARTED.matcher(Files.readString(log));
            if (started.find()) {
                return Integer.parseInt(started.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the sample exited with " + process.exitValue() + ":\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the sample did not start within " + STARTUP + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** This JVM's class path (Surefire puts the real one there) without the test classes. */
    private static String applicationClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
