package io.solider.nn.optim;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** torch's sequences from {@code /optim/optim_reference.json} (make_optim_reference.py beside it). */
final class OptimReference {

  static final JsonNode ROOT = load();

  private OptimReference() {}

  private static JsonNode load() {
    try (InputStream in = OptimReference.class.getResourceAsStream("/optim/optim_reference.json")) {
      return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] doubles(JsonNode n) {
    List<Double> out = new ArrayList<>();
    flatten(n, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flatten(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      n.forEach(c -> flatten(c, out));
    } else {
      out.add(n.asDouble());
    }
  }

  /** A float32 array of the JSON's values and shape. */
  static INDArray array(JsonNode n) {
    double[] d = doubles(n);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    List<Long> shape = new ArrayList<>();
    for (JsonNode c = n; c.isArray(); c = c.get(0)) {
      shape.add((long) c.size());
    }
    return Nd4j.create(f, shape.stream().mapToLong(Long::longValue).toArray(), 'c');
  }

  /** max |a − b| / max |b|. */
  static double normwiseError(INDArray a, JsonNode b) {
    float[] x = a.dup('c').data().asFloat();
    double[] y = doubles(b);
    double err = 0;
    double scale = 0;
    for (int i = 0; i < y.length; i++) {
      err = Math.max(err, Math.abs(x[i] - y[i]));
      scale = Math.max(scale, Math.abs(y[i]));
    }
    return err / scale;
  }
}
