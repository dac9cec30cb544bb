package io.solider.cli.options;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts an option value to an enum constant, case-insensitively, naming the accepted values
 * in lower case as the help text writes them.
 */
public abstract class LowerCaseEnum<E extends Enum<E>> implements ITypeConverter<E> {

  private final Class<E> type;

  protected LowerCaseEnum(Class<E> type) {
    this.type = type;
  }

  @Override
  public E convert(String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ",
        Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
  }
}
