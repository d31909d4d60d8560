package io.github.idempotency.sample;

/** The sample as it starts from a fresh clone: the in-memory store. */
class MemorySampleHttpTests extends AbstractSampleHttpTests {}
