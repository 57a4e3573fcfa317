/**
 * Writes the token CNN as an ONNX graph (opset 13) with onnx-proto:
 *   ids [N,L,S] int32 ─Gather(emb)─► [N,L,S,D] ─ReduceSum(axis 2)─► [N,L,D] ─Transpose─► [N,D,L]
 *   ─Conv per width (pads 0 before, w-1 after: taps past the end read zeros)─► Concat ─► Relu ─► × mask ─►
 *   ReduceMax(axis 2) ─► [N,P] ─Gemm─► Relu ─Gemm─► Sigmoid ─► score [N,1]
 * mask = (ids[:,:,0] > 0): padded positions become 0 after the ReLU, and a ReLU output is never below 0, so
 * padding can tie the max but never win it — the padded batch scores exactly like the unpadded TS forward pass.
 */
import type { CnnModel } from './cnn-model';
import { encodeModel, floatTensor, int64Tensor, onnx, valueInfo } from './export-onnx';

const INT = onnx.AttributeProto.AttributeType.INT;
const INTS = onnx.AttributeProto.AttributeType.INTS;

function node(opType: string, input: string[], output: string[], attribute: object[] = []) {
  return onnx.NodeProto.create({ opType, input, output, name: output[0], attribute });
}

/** Conv weights as ONNX wants them: [filters, dim, width] from the TS layout [filters, width, dim]. */
function convWeightsOnnx(w: Float32Array, filters: number, width: number, dim: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let f = 0; f < filters; f++) {
    for (let k = 0; k < width; k++) {
      for (let d = 0; d < dim; d++) out[(f * dim + d) * width + k] = w[(f * width + k) * dim + d];
    }
  }
  return out;
}

export function exportCnnModel(m: CnnModel, docString: string): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const P = m.filters * m.widths.length;
  const initializer = [
    floatTensor('emb', [m.buckets, m.dim], m.emb),
    int64Tensor('axis1', [1]),
    int64Tensor('axis2', [2]),
    onnx.TensorProto.create({ name: 'slot0', dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [0] }),
    onnx.TensorProto.create({ name: 'pad_id', dims: [], dataType: onnx.TensorProto.DataType.INT32, int32Data: [0] }),
  ];
  const nodes = [
    node('Gather', ['emb', 'ids'], ['slot_emb'], [{ name: 'axis', type: INT, i: 0 }]),
    node('ReduceSum', ['slot_emb', 'axis2'], ['tok_emb'], [{ name: 'keepdims', type: INT, i: 0 }]),
    node('Transpose', ['tok_emb'], ['tok_emb_t'], [{ name: 'perm', type: INTS, ints: [0, 2, 1] }]),
  ];
  const convOuts: string[] = [];
  m.widths.forEach((w, i) => {
    initializer.push(floatTensor(`conv${w}_w`, [m.filters, m.dim, w], convWeightsOnnx(m.conv[i], m.filters, w, m.dim)));
    initializer.push(floatTensor(`conv${w}_b`, [m.filters], m.convB[i]));
    nodes.push(
      node('Conv', ['tok_emb_t', `conv${w}_w`, `conv${w}_b`], [`conv${w}`], [
        { name: 'kernel_shape', type: INTS, ints: [w] },
        { name: 'pads', type: INTS, ints: [0, w - 1] },
      ]),
    );
    convOuts.push(`conv${w}`);
  });
  if (convOuts.length > 1) nodes.push(node('Concat', convOuts, ['conv_all'], [{ name: 'axis', type: INT, i: 1 }]));
  nodes.push(
    node('Relu', [convOuts.length > 1 ? 'conv_all' : convOuts[0]], ['conv_relu']),
    node('Gather', ['ids', 'slot0'], ['word_ids'], [{ name: 'axis', type: INT, i: 2 }]),
    node('Greater', ['word_ids', 'pad_id'], ['is_token']),
    node('Cast', ['is_token'], ['mask2'], [{ name: 'to', type: INT, i: F }]),
    node('Unsqueeze', ['mask2', 'axis1'], ['mask']),
    node('Mul', ['conv_relu', 'mask'], ['conv_masked']),
    node('ReduceMax', ['conv_masked'], ['pooled'], [
      { name: 'axes', type: INTS, ints: [2] },
      { name: 'keepdims', type: INT, i: 0 },
    ]),
  );
  if (m.hidden > 0) {
    initializer.push(floatTensor('w1', [P, m.hidden], m.w1), floatTensor('b1', [m.hidden], m.b1));
    initializer.push(floatTensor('w2', [m.hidden, 1], m.w2), floatTensor('b2', [1], m.b2));
    nodes.push(node('Gemm', ['pooled', 'w1', 'b1'], ['pre']), node('Relu', ['pre'], ['hid']), node('Gemm', ['hid', 'w2', 'b2'], ['logit']));
  } else {
    initializer.push(floatTensor('w2', [P, 1], m.w2), floatTensor('b2', [1], m.b2));
    nodes.push(node('Gemm', ['pooled', 'w2', 'b2'], ['logit']));
  }
  nodes.push(node('Sigmoid', ['logit'], ['score']));
  const graph = onnx.GraphProto.create({
    name: 'injection_lens_cnn',
    input: [valueInfo('ids', onnx.TensorProto.DataType.INT32, ['N', 'L', m.slots])],
    output: [valueInfo('score', F, ['N', 1])],
    initializer,
    node: nodes,
  });
  return encodeModel(graph, docString);
}
