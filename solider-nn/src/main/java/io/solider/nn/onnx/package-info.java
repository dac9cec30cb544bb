/**
 * ONNX: export of our SameDiff inference graphs to ONNX (opset 17, pure Java, on the ONNX
 * protobuf classes nd4j-api ships) and ONNX Runtime as an inference engine for them.
 */
package io.solider.nn.onnx;
