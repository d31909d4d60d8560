package io.github.idempotency.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Which container encoding a class takes, decided once per class: an {@code instanceof} test
 * against an interface that fails is a linear search on every call.
 */
enum ContainerKind {
    MAP,
    SET,
    INDEXED_LIST,
    OTHER_COLLECTION,
    ARRAY,
    NONE;

    private static final ClassValue<ContainerKind> KINDS = new ClassValue<>() {
        @Override
        protected ContainerKind computeValue(Class<?> type) {
            if (Map.class.isAssignableFrom(type)) {
                return MAP;
            }
            if (Set.class.isAssignableFrom(type)) {
                return SET;
            }
            if (List.class.isAssignableFrom(type) && RandomAccess.class.isAssignableFrom(type)) {
                return INDEXED_LIST;
            }
            if (Collection.class.isAssignableFrom(type)) {
                return OTHER_COLLECTION;
            }
            return type.isArray() ? ARRAY : NONE;
        }
    };

    static ContainerKind of(Class<?> type) {
        return KINDS.get(type);
    }
}
