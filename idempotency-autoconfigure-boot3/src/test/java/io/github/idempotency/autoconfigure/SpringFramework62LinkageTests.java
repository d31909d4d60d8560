package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.jdbc.JdbcIdempotencyStore;
import io.github.idempotency.redis.RedisIdempotencyStore;
import io.github.idempotency.spring.IdempotentAspect;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;

/**
 * idempotency-core, -spring, -redis and -jdbc are compiled once, against Spring Framework 7, Spring
 * Data Redis 4 and Lettuce 7, and run on this line against Spring Framework 6.2, Spring Data Redis 3.5
 * and Lettuce 6. A method, constructor or field whose signature differs between the two (such as
 * {@code HttpHeaders.get(String)}, which is {@code get(Object)} on 6.2) compiles on one and fails
 * with {@link NoSuchMethodError} on the other, and only when the call runs. This reads their bytecode
 * and resolves every reference on this class path, and checks that no class of theirs lacks a method
 * that a type it implements declares abstract here.
 */
class SpringFramework62LinkageTests {

    /** Jackson 3's packages: named by {@code Jackson3JsonCodec} alone, used only where Jackson 3 is. */
    private static final String JACKSON_3 = "tools/jackson/";

    private final ClassLoader classPath = getClass().getClassLoader();

    private final Set<String> unresolved = new TreeSet<>();

    private final Set<String> namingJackson3 = new TreeSet<>();

    @Test
    void everyMethodFieldAndClassTheLibraryNamesIsOnThisClassPath() throws Exception {
        int classes = 0;
        for (Class<?> module : List.of(
                IdempotencyStore.class,
                IdempotentAspect.class,
                RedisIdempotencyStore.class,
                JdbcIdempotencyStore.class)) {
            classes += forEachClass(module, this::check);
        }

        assertThat(classes).as("classes read").isGreaterThan(150);
        assertThat(unresolved).isEmpty();
        assertThat(namingJackson3).containsExactly("io/github/idempotency/spring/json/Jackson3JsonCodec");
    }

    @Test
    void tellsTheSignaturesThatDifferBetweenTheLines() throws Exception {
        Class<?> headers = Class.forName("org.springframework.http.HttpHeaders");

        assertThat(hasMethod(headers, "getOrEmpty", "(Ljava/lang/String;)Ljava/util/List;"))
                .isFalse();
        assertThat(hasMethod(headers, "getOrEmpty", "(Ljava/lang/Object;)Ljava/util/List;"))
                .isTrue();
        assertThat(hasMethod(headers, "forEach", "(Ljava/util/function/BiConsumer;)V"))
                .isTrue();
        assertThat(hasField(Class.forName("org.springframework.http.HttpStatus"), "UNPROCESSABLE_CONTENT"))
                .isFalse();
    }

    private int forEachClass(Class<?> module, Consumer<byte[]> check) throws IOException, URISyntaxException {
        Path location = Path.of(
                module.getProtectionDomain().getCodeSource().getLocation().toURI());
        int count = 0;
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    check.accept(Files.readAllBytes(file));
                    count++;
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            check.accept(in.readAllBytes());
                        }
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private void check(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        String name = reader.getClassName();
        if (name.endsWith("module-info") || name.endsWith("package-info")) {
            return;
        }
        if (new String(bytes, StandardCharsets.ISO_8859_1).contains(JACKSON_3)) {
            namingJackson3.add(name);
            return;
        }
        checkAbstractMethods(name);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String method, String descriptor, String signature, String[] exceptions) {
                        return new References(name + "." + method);
                    }
                },
                ClassReader.SKIP_DEBUG);
    }

    /** A concrete class must implement every method its supertypes declare abstract on this class path. */
    private void checkAbstractMethods(String internalName) {
        Class<?> type = load(internalName, internalName);
        if (type == null || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return;
        }
        List<Method> declared;
        try {
            declared = new ArrayList<>(Arrays.asList(type.getMethods()));
            for (Class<?> superclass = type; superclass != null; superclass = superclass.getSuperclass()) {
                declared.addAll(Arrays.asList(superclass.getDeclaredMethods()));
            }
        } catch (LinkageError ex) {
            unresolved.add("class " + internalName + ": " + ex);
            return;
        }
        for (Method method : declared) {
            if (Modifier.isAbstract(method.getModifiers()) && !implemented(type, method)) {
                unresolved.add(internalName + " does not implement " + method);
            }
        }
    }

    private static boolean implemented(Class<?> type, Method method) {
        for (Class<?> owner = type; owner != null; owner = owner.getSuperclass()) {
            try {
                Method candidate = owner.getDeclaredMethod(method.getName(), method.getParameterTypes());
                if (!Modifier.isAbstract(candidate.getModifiers())) {
                    return true;
                }
            } catch (NoSuchMethodException notHere) {
                // look further up
            }
        }
        return false;
    }

    private @Nullable Class<?> load(String internalName, String usedIn) {
        if (internalName.startsWith(JACKSON_3)) {
            return null;
        }
        try {
            return Class.forName(internalName.replace('/', '.'), false, classPath);
        } catch (ClassNotFoundException | LinkageError ex) {
            unresolved.add("class " + internalName + " (named in " + usedIn + "): " + ex);
            return null;
        }
    }

    /** Jackson 3's codec: its members cannot be listed without Jackson 3, and other classes call it only where Jackson 3 is. */
    private static boolean namesJackson3(Class<?> type) {
        return type.getName().equals("io.github.idempotency.spring.json.Jackson3JsonCodec");
    }

    private static boolean hasMethod(Class<?> owner, String name, String descriptor) {
        if (name.equals("<init>")) {
            for (Constructor<?> constructor : owner.getDeclaredConstructors()) {
                if (Type.getConstructorDescriptor(constructor).equals(descriptor)) {
                    return true;
                }
            }
            return false;
        }
        Deque<Class<?>> types = new ArrayDeque<>(List.of(owner));
        Set<Class<?>> seen = new HashSet<>();
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (!seen.add(type)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(name)
                        && Type.getMethodDescriptor(method).equals(descriptor)) {
                    return true;
                }
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(Arrays.asList(type.getInterfaces()));
            if (type.isInterface()) {
                types.add(Object.class);
            }
        }
        return false;
    }

    private static boolean hasField(Class<?> owner, String name) {
        Deque<Class<?>> types = new ArrayDeque<>(List.of(owner));
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (Arrays.stream(type.getDeclaredFields())
                    .anyMatch(field -> field.getName().equals(name))) {
                return true;
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(Arrays.asList(type.getInterfaces()));
        }
        return false;
    }

    /** Resolves the classes, methods and fields one method's code names. */
    private final class References extends MethodVisitor {

        private final String usedIn;

        References(String usedIn) {
            super(Opcodes.ASM9);
            this.usedIn = usedIn;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            method(owner, name, descriptor);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            Class<?> type = owner.startsWith("[") ? null : load(owner, usedIn);
            if (type != null && !namesJackson3(type) && !hasField(type, name)) {
                unresolved.add("field " + owner + "." + name + " (used in " + usedIn + ")");
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (!type.startsWith("[")) {
                load(type, usedIn);
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Type type && type.getSort() == Type.OBJECT) {
                load(type.getInternalName(), usedIn);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            for (Object argument : arguments) {
                if (argument instanceof Handle handle && handle.getTag() >= Opcodes.H_INVOKEVIRTUAL) {
                    method(handle.getOwner(), handle.getName(), handle.getDesc());
                }
            }
        }

        private void method(String owner, String name, String descriptor) {
            // arrays' clone, and the signature-polymorphic methods of MethodHandle and VarHandle
            if (owner.startsWith("[") || owner.startsWith("java/lang/invoke/")) {
                return;
            }
            Class<?> type = load(owner, usedIn);
            if (type != null && !namesJackson3(type) && !hasMethod(type, name, descriptor)) {
                unresolved.add("method " + owner + "." + name + descriptor + " (used in " + usedIn + ")");
            }
        }
    }
}
