package io.solider.cli;

import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.OutputPaths;
import io.solider.nn.image.ImageSize;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.onnx.OnnxExport;
import io.solider.nn.onnx.OnnxOutputs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code solider export}: a checkpoint's backbone for one input size as a SameDiff file or as an
 * ONNX model (opset 17, batch axis free), with the same input and output names.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Builds the backbone of a checkpoint (any layout) for one input size and saves it as a SameDiff file "
          + "or an ONNX model (opset " + OnnxExport.OPSET + ", batch axis free). "
          + "Inputs '" + SwinBackbone.INPUT + "' (B,3,H,W) and '" + SwinBackbone.SEMANTIC_WEIGHT
          + "' (B,2) rows [λ,1-λ]; outputs '" + SwinBackbone.POOLED + "' and 'stage0'..'stage3' "
          + "(ONNX with --outputs pooled: '" + SwinBackbone.POOLED + "' alone)."
    })
final class ExportCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ExportCommand.class);

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "SOLIDER checkpoint.")
  Path checkpoint;

  @Option(names = "--size", paramLabel = "HxW", defaultValue = "256x128", converter = ImageSizeOption.Converter.class,
      description = "Input size the graph is built for. Default: ${DEFAULT-VALUE}.")
  ImageSize size;

  @Option(names = "--output", required = true, converter = OutputPaths.File.class, paramLabel = "FILE", description = "File to write.")
  Path output;

  @Option(names = "--format", defaultValue = "samediff", paramLabel = "samediff|onnx",
      description = "samediff (a SameDiff file) or onnx (an ONNX model for ONNX Runtime and other runtimes). "
          + "Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--outputs", defaultValue = "all", paramLabel = "all|pooled",
      description = "ONNX only: all (pooled and stage0..stage3, for dense heads) or pooled (the pooled feature alone: "
          + "no stage-map nodes, the faster model for embeddings and re-id). Default: ${DEFAULT-VALUE}.")
  String outputs;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("samediff") && !format.equals("onnx")) {
      throw new IllegalArgumentException("--format must be samediff or onnx, got " + format);
    }
    OnnxOutputs onnxOutputs = OnnxOutputs.parse(outputs);
    if (format.equals("samediff") && onnxOutputs != OnnxOutputs.ALL) {
      throw new IllegalArgumentException("--outputs " + outputs + " applies to --format onnx only");
    }
    Backbone backbone = Backbone.fromCheckpoint(checkpoint);
    if (format.equals("onnx")) {
      OnnxExport.write(OnnxExport.backbone(backbone, size.height(), size.width(), onnxOutputs), output);
      log.info("wrote ONNX model (opset {}, outputs {}) for {}x{} input to {}", OnnxExport.OPSET, onnxOutputs.label(),
          size.height(), size.width(), output);
      return 0;
    }
    BackboneGraph graph = backbone.graph(size.height(), size.width(), BackboneMode.INFERENCE);
    graph.save(output);
    log.info("wrote SameDiff graph for {}x{} input to {}", size.height(), size.width(), output);
    return 0;
  }
}
