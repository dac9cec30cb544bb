package io.solider.cli;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns an exception from a subcommand into one line on stderr and exit code 1 (2 for usage
 * errors); the stack trace goes to the debug log only.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(OneLineErrors.class);

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    log.debug("command failed", ex);
    String name = commandLine.getCommandName();
    commandLine.getErr().println(name + ": error: " + reason(ex));
    return ex instanceof IllegalArgumentException ? 2 : 1;
  }

  /**
   * A command line picocli could not parse (unknown option, bad value, missing required option):
   * one line with the reason and where to find help, exit code 2.
   */
  static final class Usage implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      String message = ex.getMessage().lines().findFirst().orElse("bad command line").strip();
      cl.getErr().println(cl.getCommandName() + ": error: " + message + " (see '"
          + cl.getCommandSpec().qualifiedName() + " --help')");
      return 2;
    }
  }

  /**
   * The last line of defence: a {@link StackOverflowError} or {@link OutOfMemoryError} that escaped
   * a command's own checks also ends with one line (exit 1) instead of a JVM stack trace.
   */
  static final class Fatal implements CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy inner;

    Fatal(CommandLine.IExecutionStrategy inner) {
      this.inner = inner;
    }

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
      try {
        return inner.execute(parseResult);
      } catch (StackOverflowError | OutOfMemoryError e) {
        log.debug("command failed", e);
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine cl = chain.get(chain.size() - 1);
        String why = e instanceof StackOverflowError
            ? "the input nests too deeply to process (stack overflow)"
            : "out of memory (" + e.getMessage() + "); give Java more (SOLIDER_JAVA_OPTS=-Xmx8g) or use a smaller "
                + "batch or input";
        cl.getErr().println(cl.getCommandName() + ": error: " + why);
        cl.getErr().flush();
        return 1;
      }
    }
  }

  static String reason(Throwable ex) {
    Throwable t = ex;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException)) {
      t = t.getCause();
    }
    String msg = t.getMessage();
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + msg;
    }
    if (t instanceof java.nio.file.AccessDeniedException a && a.getReason() == null) {
      return a.getFile() + ": permission denied";
    }
    if (t instanceof java.nio.file.FileAlreadyExistsException a && a.getReason() == null) {
      return a.getFile() + ": already exists";
    }
    return msg == null ? t.getClass().getSimpleName() : msg;
  }
}
