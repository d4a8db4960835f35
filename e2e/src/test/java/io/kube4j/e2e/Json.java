package io.kube4j.e2e;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON to read {@code etcdctl -w json}: objects, arrays, strings, numbers (integers as
 * {@link BigInteger}, since etcd's ids are unsigned 64-bit), booleans, null. Paths such as {@code
 * "header.revision"} or {@code "kvs.0.key"} walk the tree.
 */
final class Json {

  private final Object root;

  private Json(Object root) {
    this.root = root;
  }

  static Json parse(String text) {
    Parser parser = new Parser(text.strip());
    Object value = parser.value();
    if (parser.pos != parser.text.length()) {
      throw new IllegalArgumentException("trailing text at " + parser.pos + " in " + text);
    }
    return new Json(value);
  }

  /** The value at {@code path}, or {@code null} when a step is missing (etcd omits zero values). */
  Object at(String path) {
    Object node = root;
    for (String step : path.split("\\.")) {
      if (node instanceof Map<?, ?> map) {
        node = map.get(step);
      } else if (node instanceof List<?> list && step.matches("\\d+") && Integer.parseInt(step) < list.size()) {
        node = list.get(Integer.parseInt(step));
      } else {
        return null;
      }
    }
    return node;
  }

  /** The integer at {@code path}; 0 when absent, as protobuf's JSON leaves zeros out. */
  long num(String path) {
    return big(path).longValue();
  }

  /** The unsigned 64-bit integer at {@code path}; 0 when absent. */
  BigInteger big(String path) {
    Object value = at(path);
    if (value == null) {
      return BigInteger.ZERO;
    }
    if (value instanceof BigInteger integer) {
      return integer;
    }
    throw new AssertionError(path + " is not an integer: " + value);
  }

  String str(String path) {
    Object value = at(path);
    return value == null ? null : value.toString();
  }

  /** The base64 bytes at {@code path} (how etcdctl prints keys and values), decoded as UTF-8. */
  String base64(String path) {
    String value = str(path);
    return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }

  int size(String path) {
    Object value = at(path);
    return value instanceof List<?> list ? list.size() : 0;
  }

  boolean bool(String path) {
    return Boolean.TRUE.equals(at(path));
  }

  @Override
  public String toString() {
    return String.valueOf(root);
  }

  private static final class Parser {
    final String text;
    int pos;

    Parser(String text) {
      this.text = text;
    }

    Object value() {
      skipSpace();
      if (pos >= text.length()) {
        throw error("value expected");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> number();
      };
    }

    private Map<String, Object> object() {
      Map<String, Object> map = new LinkedHashMap<>();
      pos++;
      skipSpace();
      if (peek('}')) {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        map.put(key, value());
        skipSpace();
        if (peek(',')) {
          pos++;
        } else {
          expect('}');
          return map;
        }
      }
    }

    private List<Object> array() {
      List<Object> list = new ArrayList<>();
      pos++;
      skipSpace();
      if (peek(']')) {
        pos++;
        return list;
      }
      while (true) {
        list.add(value());
        skipSpace();
        if (peek(',')) {
          pos++;
        } else {
          expect(']');
          return list;
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char escaped = text.charAt(pos++);
        switch (escaped) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> out.append(escaped); // \" \\ \/
        }
      }
    }

    private Object number() {
      int start = pos;
      while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      String digits = text.substring(start, pos);
      if (digits.isEmpty()) {
        throw error("unexpected character");
      }
      return digits.matches("-?\\d+") ? new BigInteger(digits) : new BigDecimal(digits);
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
      return value;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private boolean peek(char c) {
      return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at " + pos + " in: " + text);
    }
  }
}
