package io.solider.cli.options;

import io.solider.nn.io.AtomicFiles;
import io.solider.nn.io.OutputFolders;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for output options, checking the path when the command line is parsed, before any
 * slow work: an output file ({@link File}) must be missing, a regular file, a character device
 * ({@code /dev/null}, {@code /dev/stdout}) or a named pipe; an output folder ({@link Folder}) must
 * be missing or a folder. Anything else is a usage error (exit 2) with one line. Every option named
 * {@code --output} uses one of them (CommandVocabularyTest holds every command to it).
 */
public final class OutputPaths {

  private OutputPaths() {}

  /** An output file: {@code converter = OutputPaths.File.class}. */
  public static final class File implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path p = path(value);
      try {
        AtomicFiles.checkOutputFile(p);
      } catch (IOException e) {
        throw new TypeConversionException(e.getMessage());
      }
      return p;
    }
  }

  /** An output folder: {@code converter = OutputPaths.Folder.class}. */
  public static final class Folder implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path p = path(value);
      try {
        OutputFolders.check(p);
      } catch (IOException e) {
        throw new TypeConversionException(e.getMessage());
      }
      return p;
    }
  }

  private static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new TypeConversionException("'" + value + "' is not a valid path (" + e.getReason() + ")");
    }
  }
}
