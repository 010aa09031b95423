package dev.gatehouse.sidecar.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.parser.Node;

/**
 * Makes the walk over JSqlParser's tree fail closed, field by field.
 *
 * <p>The walker handles a closed list of node classes, exactly (not their subclasses). For each,
 * this contract records which fields the walker reads or has judged irrelevant; every other
 * field of the class and its JSqlParser superclasses must hold its empty value ({@code null},
 * {@code false}, {@code 0}, an empty collection or string). {@link #check} runs on every node the
 * walker visits: a node of an unlisted class, or with an unlisted field set ({@code PIVOT},
 * {@code CONNECT BY}, a hint the walker never looks at), makes the statement "not understood".
 * A JSqlParser upgrade that adds fields thus turns into refusals, not into silently ignored
 * syntax.
 *
 * <p>Fields are named as in the class; a field shadowed by a subclass field of the same name is
 * named {@code DeclaringClass.field}.
 */
final class AstContract {
  private final Map<Class<?>, Field[]> mustBeEmpty = new HashMap<>();
  private final Map<Class<?>, String> labels = new HashMap<>();

  /** Declares that the walker handles {@code type}, reading or ignoring {@code fields}. */
  AstContract allow(Class<?> type, String... fields) {
    return allowLabelled(type, null, fields);
  }

  /** As {@link #allow(Class, String...)}, with a label for refusal messages. */
  AstContract allowLabelled(Class<?> type, String label, String... fields) {
    Map<String, Field> all = instanceFields(type);
    for (String name : fields) {
      if (all.remove(name) == null) {
        throw new IllegalStateException(type.getSimpleName() + " has no field " + name);
      }
    }
    mustBeEmpty.put(type, all.values().toArray(new Field[0]));
    if (label != null) {
      labels.put(type, label);
    }
    return this;
  }

  /**
   * As {@link #allow(Class, String...)} for a family of classes sharing one declaration: names
   * the class does not have are skipped instead of rejected.
   */
  AstContract allowWherePresent(Class<?> type, String... fields) {
    Map<String, Field> all = instanceFields(type);
    List<String> present = new ArrayList<>();
    for (String name : fields) {
      if (all.containsKey(name)) {
        present.add(name);
      }
    }
    return allow(type, present.toArray(new String[0]));
  }

  boolean handles(Class<?> type) {
    return mustBeEmpty.containsKey(type);
  }

  /** Refuses {@code node} unless its class is handled and every unhandled field is empty. */
  void check(Object node) {
    Field[] fields = mustBeEmpty.get(node.getClass());
    if (fields == null) {
      throw new NotUnderstoodException("unsupported SQL construct: " + describe(node.getClass()));
    }
    for (Field f : fields) {
      Object value;
      try {
        value = f.get(node);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      if (!isEmpty(value)) {
        throw new NotUnderstoodException("unsupported SQL construct: "
            + words(f.getName()) + " in " + describe(node.getClass()));
      }
    }
  }

  String describe(Class<?> type) {
    String label = labels.get(type);
    return label != null ? label : words(type.getSimpleName());
  }

  private static boolean isEmpty(Object value) {
    if (value == null) {
      return true;
    }
    if (value instanceof Boolean) {
      return !((Boolean) value);
    }
    if (value instanceof Number) {
      return ((Number) value).longValue() == 0 && ((Number) value).doubleValue() == 0.0;
    }
    if (value instanceof Character) {
      return (Character) value == '\0';
    }
    if (value instanceof Collection) {
      return ((Collection<?>) value).isEmpty();
    }
    if (value instanceof Map) {
      return ((Map<?, ?>) value).isEmpty();
    }
    if (value instanceof CharSequence) {
      return ((CharSequence) value).length() == 0;
    }
    return false;
  }

  /** Instance fields of JSqlParser's classes in the hierarchy, keyed as the class comment says. */
  private static Map<String, Field> instanceFields(Class<?> type) {
    Map<String, Field> fields = new LinkedHashMap<>();
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> k = type; k != null && k.getName().startsWith("net.sf.jsqlparser."); ) {
      chain.add(k);
      k = k.getSuperclass();
    }
    for (Class<?> k : chain) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || Node.class.isAssignableFrom(f.getType())) {
          continue; // the parser's own tree node, set on every node, carries no SQL
        }
        f.setAccessible(true);
        String key = fields.containsKey(f.getName())
            ? k.getSimpleName() + "." + f.getName()
            : f.getName();
        fields.put(key, f);
      }
    }
    return fields;
  }

  /** "forUpdateTable" → "for update table"; "PlainSelect" → "plain select". */
  private static String words(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        out.append(' ');
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
