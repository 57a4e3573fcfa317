/**
 * Writes the token CNN as an ONNX graph (opset 13) with onnx-proto:
 *   ids [N,L,S] int32 ─Gather(emb)─► [N,L,S,D] ─ReduceSum(axis 2)─► [N,L,D] ─Transpose─► [N,D,L]
 *   ─Conv per width (pads 0 before, w-1 after: taps past the end read zeros)─► Concat ─► Relu ─► × mask ─►
 *   ReduceMax(axis 2) ─► [N,P] ─Gemm─► Relu ─Gemm─► Sigmoid ─► score [N,1]
 * mask = (ids[:,:,0] > 0): padded positions become 0 after the ReLU, and a ReLU output is never below 0, so
 * padding can tie the max but never win it — the padded batch scores exactly like the unpadded TS forward pass.
 * With `int8Table` the table is stored as int8 rows plus a scale per row (quantise.ts): Gather(emb_q) ─Cast─► ×
 * Gather(emb_scale) replaces Gather(emb); the model must already have been rounded (roundTableToInt8) for parity.
 * Several models (exportCnnEnsemble) each get this chain under a name prefix and share the ids and the mask; their
 * logits are averaged before the Sigmoid.
 */
import type { CnnModel } from './cnn-model';
import { encodeModel, floatTensor, int64Tensor, onnx, valueInfo } from './export-onnx';
import { quantiseRows } from './quantise';

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

/** One member's table part: ids → `${p}slot_emb` [N,L,S,D] float. */
function tableNodes(m: CnnModel, p: string, int8Table: boolean) {
  if (!int8Table) {
    return {
      initializer: [floatTensor(`${p}emb`, [m.buckets, m.dim], m.emb)],
      nodes: [node('Gather', [`${p}emb`, 'ids'], [`${p}slot_emb`], [{ name: 'axis', type: INT, i: 0 }])],
    };
  }
  const { q, scale } = quantiseRows(m.emb, m.dim);
  const embQ = onnx.TensorProto.create({
    name: `${p}emb_q`,
    dims: [m.buckets, m.dim],
    dataType: onnx.TensorProto.DataType.INT8,
    rawData: new Uint8Array(q.buffer, q.byteOffset, q.byteLength),
  });
  return {
    initializer: [embQ, floatTensor(`${p}emb_scale`, [m.buckets, 1], scale)],
    nodes: [
      node('Gather', [`${p}emb_q`, 'ids'], [`${p}slot_emb_q`], [{ name: 'axis', type: INT, i: 0 }]),
      node('Cast', [`${p}slot_emb_q`], [`${p}slot_emb_i`], [{ name: 'to', type: INT, i: onnx.TensorProto.DataType.FLOAT }]),
      node('Gather', [`${p}emb_scale`, 'ids'], [`${p}slot_scale`], [{ name: 'axis', type: INT, i: 0 }]),
      node('Mul', [`${p}slot_emb_i`, `${p}slot_scale`], [`${p}slot_emb`]),
    ],
  };
}

/** One member, names prefixed with `p`: ids (+ the shared 'mask') → `${p}logit` [N,1]. */
function memberNodes(m: CnnModel, p: string, int8Table: boolean) {
  const P = m.filters * m.widths.length;
  const table = tableNodes(m, p, int8Table);
  const initializer = [...table.initializer];
  const nodes = [
    ...table.nodes,
    node('ReduceSum', [`${p}slot_emb`, 'axis2'], [`${p}tok_emb`], [{ name: 'keepdims', type: INT, i: 0 }]),
    node('Transpose', [`${p}tok_emb`], [`${p}tok_emb_t`], [{ name: 'perm', type: INTS, ints: [0, 2, 1] }]),
  ];
  const convOuts: string[] = [];
  m.widths.forEach((w, i) => {
    initializer.push(floatTensor(`${p}conv${w}_w`, [m.filters, m.dim, w], convWeightsOnnx(m.conv[i], m.filters, w, m.dim)));
    initializer.push(floatTensor(`${p}conv${w}_b`, [m.filters], m.convB[i]));
    nodes.push(
      node('Conv', [`${p}tok_emb_t`, `${p}conv${w}_w`, `${p}conv${w}_b`], [`${p}conv${w}`], [
        { name: 'kernel_shape', type: INTS, ints: [w] },
        { name: 'pads', type: INTS, ints: [0, w - 1] },
      ]),
    );
    convOuts.push(`${p}conv${w}`);
  });
  if (convOuts.length > 1) nodes.push(node('Concat', convOuts, [`${p}conv_all`], [{ name: 'axis', type: INT, i: 1 }]));
  nodes.push(
    node('Relu', [convOuts.length > 1 ? `${p}conv_all` : convOuts[0]], [`${p}conv_relu`]),
    node('Mul', [`${p}conv_relu`, 'mask'], [`${p}conv_masked`]),
    node('ReduceMax', [`${p}conv_masked`], [`${p}pooled`], [
      { name: 'axes', type: INTS, ints: [2] },
      { name: 'keepdims', type: INT, i: 0 },
    ]),
  );
  if (m.hidden > 0) {
    initializer.push(floatTensor(`${p}w1`, [P, m.hidden], m.w1), floatTensor(`${p}b1`, [m.hidden], m.b1));
    initializer.push(floatTensor(`${p}w2`, [m.hidden, 1], m.w2), floatTensor(`${p}b2`, [1], m.b2));
    nodes.push(
      node('Gemm', [`${p}pooled`, `${p}w1`, `${p}b1`], [`${p}pre`]),
      node('Relu', [`${p}pre`], [`${p}hid`]),
      node('Gemm', [`${p}hid`, `${p}w2`, `${p}b2`], [`${p}logit`]),
    );
  } else {
    initializer.push(floatTensor(`${p}w2`, [P, 1], m.w2), floatTensor(`${p}b2`, [1], m.b2));
    nodes.push(node('Gemm', [`${p}pooled`, `${p}w2`, `${p}b2`], [`${p}logit`]));
  }
  return { initializer, nodes, logit: `${p}logit` };
}

export function exportCnnModel(m: CnnModel, docString: string, opts: { int8Table?: boolean } = {}): Uint8Array {
  return exportCnnEnsemble([m], docString, opts);
}

/**
 * Several CNNs over the same ids, scored as sigmoid(mean of their logits) — one member is exactly exportCnnModel.
 * Members share the input, the padding mask and the tokeniser; each has its own weights.
 */
export function exportCnnEnsemble(models: readonly CnnModel[], docString: string, opts: { int8Table?: boolean } = {}): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const m0 = models[0];
  const initializer = [
    int64Tensor('axis1', [1]),
    int64Tensor('axis2', [2]),
    onnx.TensorProto.create({ name: 'slot0', dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [0] }),
    onnx.TensorProto.create({ name: 'pad_id', dims: [], dataType: onnx.TensorProto.DataType.INT32, int32Data: [0] }),
  ];
  const nodes = [
    node('Gather', ['ids', 'slot0'], ['word_ids'], [{ name: 'axis', type: INT, i: 2 }]),
    node('Greater', ['word_ids', 'pad_id'], ['is_token']),
    node('Cast', ['is_token'], ['mask2'], [{ name: 'to', type: INT, i: F }]),
    node('Unsqueeze', ['mask2', 'axis1'], ['mask']),
  ];
  const logits: string[] = [];
  models.forEach((m, i) => {
    // a lone model keeps unprefixed names, so its graph reads as before
    const member = memberNodes(m, models.length === 1 ? '' : `m${i}_`, opts.int8Table ?? false);
    initializer.push(...member.initializer);
    nodes.push(...member.nodes);
    logits.push(member.logit);
  });
  if (logits.length === 1) nodes.push(node('Sigmoid', [logits[0]], ['score']));
  else {
    initializer.push(floatTensor('inv_members', [1], Float32Array.of(1 / logits.length)));
    nodes.push(node('Sum', logits, ['logit_sum']), node('Mul', ['logit_sum', 'inv_members'], ['logit']), node('Sigmoid', ['logit'], ['score']));
  }
  const graph = onnx.GraphProto.create({
    name: 'injection_lens_cnn',
    input: [valueInfo('ids', onnx.TensorProto.DataType.INT32, ['N', 'L', m0.slots])],
    output: [valueInfo('score', F, ['N', 1])],
    initializer,
    node: nodes,
  });
  return encodeModel(graph, docString);
}
