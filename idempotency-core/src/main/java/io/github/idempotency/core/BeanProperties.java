package io.github.idempotency.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The named values of a record (its components) or a plain Java object (its public getters), with
 * names folded like map keys and sorted, so declaration order never reaches a key. Looked up once
 * per class.
 */
final class BeanProperties {

    private static final ClassValue<BeanProperties> CACHE = new ClassValue<>() {
        @Override
        protected BeanProperties computeValue(Class<?> type) {
            return of(type);
        }
    };

    private final String[] names;
    private final Method[] readers;
    private final @Nullable String problem;

    private BeanProperties(String[] names, Method[] readers, @Nullable String problem) {
        this.names = names;
        this.readers = readers;
        this.problem = problem;
    }

    /** The properties of a record or a non-JDK class, or {@code null} for a JDK class. */
    static @Nullable BeanProperties forClass(Class<?> type) {
        if (!type.isRecord() && isJdkClass(type)) {
            return null;
        }
        return CACHE.get(type);
    }

    private static boolean isJdkClass(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.")
                || name.startsWith("javax.")
                || name.startsWith("jdk.")
                || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    @Nullable
    Object read(int i, Object bean) {
        try {
            return readers[i].invoke(bean);
        } catch (InvocationTargetException e) {
            InvalidInputException failure = new InvalidInputException(
                    "reading " + bean.getClass().getName() + "." + readers[i].getName() + "() failed: " + e.getCause());
            failure.initCause(e.getCause());
            throw failure;
        } catch (IllegalAccessException e) {
            throw new InvalidInputException(
                    "cannot read " + bean.getClass().getName() + "." + readers[i].getName() + "(): " + e.getMessage());
        }
    }

    /** Throws when the class cannot be encoded: no properties, or two names that fold together. */
    void checkEncodable(Class<?> type) {
        if (problem != null) {
            throw new InvalidInputException("cannot encode " + type.getName() + " in a key: " + problem);
        }
    }

    private static BeanProperties of(Class<?> type) {
        List<Method> readers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                readers.add(component.getAccessor());
                names.add(component.getName());
            }
        } else {
            for (Method method : type.getMethods()) {
                String name = propertyName(method);
                if (name != null) {
                    readers.add(method);
                    names.add(name);
                }
            }
        }
        int n = readers.size();
        Integer[] order = new Integer[n];
        String[] folded = new String[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            folded[i] = KeyText.fold(names.get(i));
        }
        java.util.Arrays.sort(order, Comparator.comparing(i -> folded[i], Utf8Order.INSTANCE));
        String[] sortedNames = new String[n];
        Method[] sortedReaders = new Method[n];
        @Nullable String problem = n == 0 ? "it has no record components or public getters" : null;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            sortedNames[k] = folded[i];
            sortedReaders[k] = readers.get(i);
            if (k > 0 && sortedNames[k].equals(sortedNames[k - 1])) {
                problem = "properties \"" + names.get(order[k - 1]) + "\" and \"" + names.get(i)
                        + "\" have the same lower-case name";
            }
            if (!sortedReaders[k].trySetAccessible() && problem == null) {
                problem = sortedReaders[k].getName() + "() is not accessible";
            }
        }
        return new BeanProperties(sortedNames, sortedReaders, problem);
    }

    /** The JavaBeans property a public instance getter reads, or {@code null}. */
    private static @Nullable String propertyName(Method method) {
        if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0 || method.isBridge()) {
            return null;
        }
        String name = method.getName();
        Class<?> returns = method.getReturnType();
        if (name.startsWith("get") && name.length() > 3 && returns != void.class && !name.equals("getClass")) {
            return name.substring(3);
        }
        if (name.startsWith("is") && name.length() > 2 && (returns == boolean.class || returns == Boolean.class)) {
            return name.substring(2);
        }
        return null;
    }
}
