package io.github.idempotency.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A process that consumes one order with the transactional listener of
 * {@link TransactionalRabbitOrders} or {@link TransactionalKafkaOrders} and dies as soon as the
 * listener's transaction has committed, before the listener returns and so before the message is
 * acknowledged (the offset committed): {@code Runtime.halt} in {@code afterCommit}. The broker sees
 * the consumer go and delivers the message again.
 *
 * <p>Arguments: {@code rabbitmq} or {@code kafka}, the queue or topic, the idempotency table, the
 * orders table and, for Kafka, the bootstrap servers.
 */
public final class ConsumeThenCrash {

    /** The exit status of a process that halted after the commit. */
    static final int HALTED = 77;

    /** The exit status of a process that got no message to consume. */
    static final int NO_MESSAGE = 1;

    private ConsumeThenCrash() {}

    /**
     * Starts this process with {@code args} in a child JVM, waits (at most 3 minutes) for it to end,
     * checks that it halted after the commit, and returns its output, also kept in
     * {@code target/crash-after-commit/<broker>.log}.
     */
    static String runToTheCrash(String... args) throws IOException, InterruptedException {
        Path log =
                Files.createDirectories(Path.of("target", "crash-after-commit")).resolve(args[0] + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ConsumeThenCrash.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("child ended").isTrue();
        String output = "child output:\n" + Files.readString(log);
        assertThat(child.exitValue()).as(output).isEqualTo(HALTED);
        return output;
    }

    public static void main(String[] args) {
        System.out.println("Consuming one order from " + args[1] + ", then halting after the commit");
        ApplicationContextRunner runner = args[0].equals("kafka")
                ? TransactionalKafkaOrders.runner(args[4], args[1], args[2], args[3])
                : TransactionalRabbitOrders.runner(args[1], args[2], args[3]);
        runner.run(context -> {
            context.getBean(OrderTable.class)
                    .afterNextCommit(() -> Runtime.getRuntime().halt(HALTED));
            // the listener halts this process long before the latch, which nothing opens, times out;
            // reaching the end means no message came
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
        });
        System.exit(NO_MESSAGE);
    }
}
