package io.solider.nn.io;

/** CSV fields as RFC 4180 writes them: quoted (with doubled quotes) when they hold a comma, quote or line break. */
public final class Csv {

  private Csv() {}

  /** {@code value} as one CSV field. */
  public static String field(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0;
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
