package io.kube4j.server;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as Go's {@code time.ParseDuration} does, so that flags copied from upstream
 * components ({@code --leader-elect-lease-duration=15s}) work unchanged: a sequence of decimal
 * numbers with units {@code h m s ms us µs ns}, e.g. {@code 1m30s}, {@code 1.5s}, {@code 500ms};
 * a bare {@code 0} is zero. Negative durations are refused (no flag of ours wants one). Stateless.
 */
final class GoDuration implements ITypeConverter<Duration> {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /**
   * Parses {@code text}.
   *
   * @throws TypeConversionException when it is not a Go duration
   */
  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    long nanos = 0;
    int end = 0;
    while (m.lookingAt()) {
      nanos += Math.round(Double.parseDouble(m.group(1)) * unitNanos(m.group(2)));
      end = m.end();
      m.region(end, text.length());
    }
    if (end == 0 || end != text.length()) {
      throw new TypeConversionException("invalid duration \"" + text + "\" (examples: 15s, 1m30s, 500ms)");
    }
    return Duration.ofNanos(nanos);
  }

  /** Go's spelling: whole seconds as {@code 15s}, otherwise the shortest exact form Java gives. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toNanosPart() == 0 && d.toSeconds() % 60 != 0) {
      return d.toSeconds() + "s";
    }
    return d.toString().substring(2).toLowerCase();
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs", "μs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      default -> throw new IllegalArgumentException(unit);
    };
  }
}
