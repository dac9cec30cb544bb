package io.solider.tasks.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Reading and writing MATLAB v5 {@code .mat} files (with the MFL library) for the annotation
 * formats of PA-100K, CUHK-SYSU and PRW, turning every layout problem into a {@link
 * DatasetFormatException} naming the file and the variable or field.
 */
public final class MatFiles {

  /** Fixed header text, so files written from the same data are byte-identical. */
  private static final String HEADER = "MATLAB 5.0 MAT-file, Platform: GLNXA64, Created by: solider-dl4j synth";

  private MatFiles() {}

  /** Reads a whole MAT-file. */
  public static MatFile read(Path file) throws DatasetFormatException {
    DatasetFormatException.requireFile(file, "MAT-file");
    try {
      return Mat5.readFromFile(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new DatasetFormatException(file, "truncated or corrupt MAT-file (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
  }

  /** The top-level variable {@code name}. */
  public static Array variable(MatFile mat, Path file, String name) throws DatasetFormatException {
    for (MatFile.Entry e : mat.getEntries()) {
      if (e.getName().equals(name)) {
        return e.getValue();
      }
    }
    throw new DatasetFormatException(file, "missing variable '" + name + "'");
  }

  /** True when the file has a top-level variable {@code name}. */
  public static boolean hasVariable(MatFile mat, String name) {
    for (MatFile.Entry e : mat.getEntries()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** {@code a} as {@code type}, or an error naming {@code where}. */
  public static <T extends Array> T as(Array a, Class<T> type, Path file, String where) throws DatasetFormatException {
    if (!type.isInstance(a)) {
      throw new DatasetFormatException(file, where + ": expected " + type.getSimpleName().toLowerCase()
          + ", got " + describe(a));
    }
    return type.cast(a);
  }

  /** Field {@code name} of element {@code index} of a struct array. */
  public static Array field(Struct s, int index, String name, Path file, String where) throws DatasetFormatException {
    if (!s.getFieldNames().contains(name)) {
      throw new DatasetFormatException(file, where + ": missing field '" + name + "' (has " + s.getFieldNames() + ")");
    }
    return s.get(name, index);
  }

  /** A string held as a char array, or a 1×1 cell holding one. */
  public static String string(Array a, Path file, String where) throws DatasetFormatException {
    if (a instanceof Cell c && c.getNumElements() == 1) {
      return string(c.get(0), file, where);
    }
    return as(a, Char.class, file, where).getString().trim();
  }

  /** The numbers of a matrix as {@code rows × cols}, row-major. */
  public static double[][] rows(Array a, Path file, String where) throws DatasetFormatException {
    Matrix m = as(a, Matrix.class, file, where);
    double[][] out = new double[m.getNumRows()][m.getNumCols()];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = m.getDouble(i, j);
      }
    }
    return out;
  }

  /** All numbers of a matrix in column-major (MATLAB) order. */
  public static double[] numbers(Array a, Path file, String where) throws DatasetFormatException {
    Matrix m = as(a, Matrix.class, file, where);
    double[] out = new double[m.getNumElements()];
    for (int i = 0; i < out.length; i++) {
      out[i] = m.getDouble(i);
    }
    return out;
  }

  /** "cell 26×1", "double 3×4", … */
  public static String describe(Array a) {
    if (a == null) {
      return "nothing";
    }
    int[] d = a.getDimensions();
    StringBuilder sb = new StringBuilder(a.getType().toString()).append(' ');
    for (int i = 0; i < d.length; i++) {
      sb.append(i == 0 ? "" : "×").append(d[i]);
    }
    return sb.toString();
  }

  // ---- writing ----

  /** Writes the variables (in map iteration order) to {@code file}. */
  public static void write(Path file, Map<String, ? extends Array> variables) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Mat5File mat = new Mat5File(HEADER) {};
    variables.forEach(mat::addArray);
    Mat5.writeToFile(mat, file.toFile());
  }

  /** An n×1 cell of strings. */
  public static Cell column(List<String> values) {
    Cell c = Mat5.newCell(values.size(), 1);
    for (int i = 0; i < values.size(); i++) {
      c.set(i, 0, Mat5.newString(values.get(i)));
    }
    return c;
  }

  /** A double matrix from rows. */
  public static Matrix matrix(double[][] rows, int cols) {
    Matrix m = Mat5.newMatrix(rows.length, cols);
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < cols; j++) {
        m.setDouble(i, j, rows[i][j]);
      }
    }
    return m;
  }

  /** A 1×n double row. */
  public static Matrix row(double... values) {
    Matrix m = Mat5.newMatrix(1, values.length);
    for (int j = 0; j < values.length; j++) {
      m.setDouble(0, j, values[j]);
    }
    return m;
  }
}
