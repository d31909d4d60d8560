package io.github.idempotency.spring.messaging;

/**
 * A process that consumes one order message with the transactional listener of
 * {@link TransactionalRabbitOrders} and dies as soon as the listener's transaction has committed,
 * before the listener returns and so before the message is acknowledged: {@code Runtime.halt} in
 * {@code afterCommit}. RabbitMQ sees the connection drop and delivers the message again.
 *
 * <p>Arguments: queue, idempotency table, orders table.
 */
public final class ConsumeThenCrash {

    /** The exit status of a process that halted after the commit. */
    static final int HALTED = 77;

    /** The exit status of a process that got no message to consume. */
    static final int NO_MESSAGE = 1;

    private ConsumeThenCrash() {}

    public static void main(String[] args) {
        System.out.println("Consuming one order from " + args[0] + ", then halting after the commit");
        TransactionalRabbitOrders.runner(args[0], args[1], args[2]).run(context -> {
            context.getBean(OrderTable.class)
                    .afterNextCommit(() -> Runtime.getRuntime().halt(HALTED));
            // the listener halts this process long before; reaching the end means no message came
            Thread.sleep(60_000);
        });
        System.exit(NO_MESSAGE);
    }
}
