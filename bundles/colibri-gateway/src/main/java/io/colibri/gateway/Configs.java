package io.colibri.gateway;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A flow's typed configuration: an annotation whose methods are the keys of its {@code etc/*.cfg}
 * file, each with its default (an OSGi component property type, which Declarative Services fills
 * from the file in Karaf). Here the same is made from a map, for tests and for the route
 * placeholders, with the key names of DS: {@code smtp_port()} is the key {@code smtp.port}.
 */
public final class Configs {
    private Configs() {
    }

    /** The configuration with every key at its default. */
    public static <T extends Annotation> T defaults(Class<T> type) {
        return of(type, Map.of());
    }

    /** The configuration with these keys set (as strings or values), the others at their defaults. */
    public static <T extends Annotation> T of(Class<T> type, Map<String, ?> values) {
        if (!type.isAnnotation()) {
            throw new IllegalArgumentException(type + " is not an annotation");
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (Method m : keys(type)) {
            Object raw = values.get(key(m));
            Object value = raw == null || (raw instanceof String s && s.isBlank() && m.getReturnType() != String.class)
                    ? m.getDefaultValue() : convert(raw, m.getReturnType(), key(m));
            if (value == null) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + m.getName() + " has no default and no value");
            }
            resolved.put(m.getName(), value);
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
            case "annotationType" -> type;
            case "toString" -> describe(type, resolved);
            case "hashCode" -> resolved.hashCode();
            case "equals" -> args[0] == proxy;
            default -> resolved.get(method.getName());
        }));
    }

    /** Each key of the configuration and its value, in declaration order (passwords included: never log this). */
    public static Map<String, Object> asMap(Annotation config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Method m : keys(config.annotationType())) {
            try {
                out.put(key(m), m.invoke(config));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The keys, values shown except those of keys naming a password or a secret. */
    public static String describe(Annotation config) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Method m : keys(config.annotationType())) {
            try {
                values.put(m.getName(), m.invoke(config));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return describe(config.annotationType(), values);
    }

    /**
     * The key of a method, as OSGi Declarative Services names it (112.8.2.2): {@code $_$} is a
     * hyphen, {@code $$} is {@code $}, a lone {@code $} nothing, {@code __} is {@code _}, a lone
     * {@code _} a dot.
     */
    public static String key(Method m) {
        String name = m.getName();
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean doubled = i + 1 < name.length() && name.charAt(i + 1) == c;
            if (c == '$' && name.startsWith("$_$", i)) {
                out.append('-');
                i += 2;
            } else if (c == '$') {
                if (doubled) {
                    out.append('$');
                    i++;
                }
            } else if (c == '_') {
                out.append(doubled ? '_' : '.');
                if (doubled) {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Method[] keys(Class<? extends Annotation> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getParameterCount() == 0)
                .sorted(Comparator.comparing(Method::getName)).toArray(Method[]::new);
    }

    private static Object convert(Object raw, Class<?> to, String key) {
        if (to.isInstance(raw)) {
            return raw;
        }
        if (raw instanceof Number n && (to == int.class || to == long.class || to == double.class)) {
            return to == int.class ? (Object) Math.toIntExact(n.longValue()) : to == long.class ? (Object) n.longValue() : n.doubleValue();
        }
        if (raw instanceof Boolean b && to == boolean.class) {
            return b;
        }
        String s = raw.toString().strip();
        try {
            if (to == String.class) {
                return s;
            } else if (to == int.class) {
                return Integer.parseInt(s);
            } else if (to == long.class) {
                return Long.parseLong(s);
            } else if (to == boolean.class) {
                return Boolean.parseBoolean(s);
            } else if (to == double.class) {
                return Double.parseDouble(s);
            } else if (to == String[].class) {
                return Arrays.stream(s.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toArray(String[]::new);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + s + "'", e);
        }
        throw new IllegalArgumentException(key + ": no conversion to " + to.getSimpleName());
    }

    private static String describe(Class<?> type, Map<String, Object> values) {
        return type.getSimpleName() + values.entrySet().stream().map(e -> e.getKey() + "=" + (secret(e.getKey()) ? "•••"
                : e.getValue() instanceof String[] a ? String.join(",", a) : e.getValue())).collect(Collectors.joining(", ", "[", "]"));
    }

    private static boolean secret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret");
    }
}
