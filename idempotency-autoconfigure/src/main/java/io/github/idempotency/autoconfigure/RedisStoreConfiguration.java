package io.github.idempotency.autoconfigure;

import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisStoreConfiguration {}
