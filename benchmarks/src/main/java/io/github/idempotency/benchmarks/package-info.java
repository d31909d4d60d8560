/** JMH benchmarks of key building and the stores, and the HTTP load generator. */
package io.github.idempotency.benchmarks;
