package io.github.idempotency.spring;

/** A service whose contract carries the annotation, as interface-based services often do. */
public interface Payments {

    @Idempotent(scope = "payments", key = "#p0")
    String pay(String id);

    /** Counts its runs; the method itself carries no annotation. */
    class CountingPayments implements Payments {

        final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String pay(String id) {
            return id + " run " + runs.incrementAndGet();
        }
    }

    /** Carries the annotation on its own method, as the aspect needs. */
    class AnnotatedPayments implements Payments {

        @Override
        @Idempotent(scope = "payments", key = "#p0")
        public String pay(String id) {
            return id + " " + java.util.UUID.randomUUID();
        }
    }
}
