package io.solider.nn.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * An ONNX graph being written: nodes, initializers (weights and constants) and the graph's typed
 * inputs and outputs, on ONNX's own protobuf schema (the generated {@code onnx.Onnx} classes that
 * nd4j-api ships).
 */
final class OnnxGraph {

  private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
  private final Set<String> initializers = new HashSet<>();
  private int helperCount;

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** Adds a node; returns its (first) output name. */
  String node(String opType, List<String> inputs, List<String> outputs, Onnx.AttributeProto... attributes) {
    Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(opType)
        .setName(outputs.get(0) + "/" + opType).addAllInput(inputs).addAllOutput(outputs);
    for (Onnx.AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return outputs.get(0);
  }

  /** A fresh name for an intermediate value derived from {@code base}. */
  String helper(String base) {
    return base + "/onnx_" + helperCount++;
  }

  boolean hasInitializer(String name) {
    return initializers.contains(name);
  }

  /** Stores {@code a} as the initializer {@code name} (float arrays as FLOAT, integer arrays as INT64). */
  void initializer(String name, INDArray a) {
    if (!initializers.add(name)) {
      return;
    }
    Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name);
    for (long d : a.shape()) {
      t.addDims(d);
    }
    INDArray c = a.dup('c');
    if (a.dataType().isFPType()) {
      float[] v = c.castTo(DataType.FLOAT).data().asFloat();
      ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(v);
      t.setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(b.array()));
    } else if (a.dataType().isIntType()) {
      long[] v = c.castTo(DataType.LONG).data().asLong();
      ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().put(v);
      t.setDataType(Onnx.TensorProto.DataType.INT64_VALUE).setRawData(ByteString.copyFrom(b.array()));
    } else {
      throw new IllegalArgumentException("constant " + name + " has type " + a.dataType() + ", not exportable");
    }
    graph.addInitializer(t);
  }

  /** An INT64 vector constant. */
  String ints(String name, long... values) {
    if (!initializers.contains(name)) {
      Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).addDims(values.length)
          .setDataType(Onnx.TensorProto.DataType.INT64_VALUE);
      ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().put(values);
      t.setRawData(ByteString.copyFrom(b.array()));
      graph.addInitializer(t);
      initializers.add(name);
    }
    return name;
  }

  /** An INT64 scalar (rank 0) constant, as {@code Gather} takes an index that drops the axis. */
  String intScalar(String name, long value) {
    return scalar(name, Onnx.TensorProto.DataType.INT64_VALUE,
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value));
  }

  /** A FLOAT scalar constant. */
  String scalar(String name, float value) {
    return scalar(name, Onnx.TensorProto.DataType.FLOAT_VALUE,
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value));
  }

  private String scalar(String name, int dataType, ByteBuffer littleEndianValue) {
    if (initializers.add(name)) {
      graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name).setDataType(dataType)
          .setRawData(ByteString.copyFrom(littleEndianValue.array())));
    }
    return name;
  }

  /** Declares a FLOAT graph input or output; a negative size becomes the symbolic dimension "batch". */
  Onnx.ValueInfoProto valueInfo(String name, long[] shape) {
    Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
    for (long d : shape) {
      s.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
        .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
            .setShape(s))).build();
  }

  void input(String name, long[] shape) {
    graph.addInput(valueInfo(name, shape));
  }

  void output(String name, long[] shape) {
    graph.addOutput(valueInfo(name, shape));
  }

  /**
   * The model: this graph at {@code opset} of the default domain, without the initializers no node
   * reads (constants of SameDiff ops that the conversion folded or skipped).
   */
  Onnx.ModelProto model(int opset, String producerVersion, String docString) {
    Set<String> read = new HashSet<>();
    graph.getNodeList().forEach(n -> read.addAll(n.getInputList()));
    graph.getOutputList().forEach(o -> read.add(o.getName()));
    List<Onnx.TensorProto> used = graph.getInitializerList().stream().filter(t -> read.contains(t.getName())).toList();
    graph.clearInitializer().addAllInitializer(used);
    return Onnx.ModelProto.newBuilder()
        .setIrVersion(OnnxExport.IR_VERSION)
        .setProducerName("solider-dl4j")
        .setProducerVersion(producerVersion)
        .setDocString(docString)
        .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph)
        .build();
  }

  static Onnx.AttributeProto attr(String name, long value) {
    return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT)
        .setI(value).build();
  }

  static Onnx.AttributeProto attr(String name, float value) {
    return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT)
        .setF(value).build();
  }

  static Onnx.AttributeProto attr(String name, long[] values) {
    Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
        .setType(Onnx.AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static Onnx.AttributeProto attr(String name, String value) {
    return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }
}
