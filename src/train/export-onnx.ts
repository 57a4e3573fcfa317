/**
 * Writes the bag model as an ONNX graph with onnx-proto:
 *   ids [N,L] int32 ─Gather(emb)─► [N,L,D] ─Mul(weights [N,L,1])─► ReduceSum(axis 1) ─► [N,D]
 *   ─Gemm(W1,b1)─► Relu ─Gemm(W2,b2)─► [N,1] ─Sigmoid─► score [N,1]
 * `weights` carries 1/count for real ids and 0 for padding, so the ReduceSum is the mean of the bag.
 */
import onnxProto from 'onnx-proto';
import type { BagModel } from './bag-model';

export const { onnx } = onnxProto as unknown as typeof import('onnx-proto');
export const OPSET = 13;

export function floatTensor(name: string, dims: number[], data: Float32Array) {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
  });
}

export function int64Tensor(name: string, values: number[]) {
  return onnx.TensorProto.create({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
}

export function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

/** A graph wrapped as this project's ONNX model (IR 7, opset 13), serialised. */
export function encodeModel(graph: ReturnType<typeof onnx.GraphProto.create>, docString: string): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'injection-lens-train',
    producerVersion: '1',
    docString,
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

export function exportBagModel(m: BagModel, docString: string): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const graph = onnx.GraphProto.create({
    name: 'injection_lens_bag',
    input: [valueInfo('ids', onnx.TensorProto.DataType.INT32, ['N', 'L']), valueInfo('weights', F, ['N', 'L', 1])],
    output: [valueInfo('score', F, ['N', 1])],
    initializer: [
      floatTensor('emb', [m.buckets, m.dim], m.emb),
      floatTensor('w1', [m.dim, m.hidden], m.w1),
      floatTensor('b1', [m.hidden], m.b1),
      floatTensor('w2', [m.hidden, 1], m.w2),
      floatTensor('b2', [1], m.b2),
      int64Tensor('axis1', [1]),
    ],
    node: [
      onnx.NodeProto.create({ opType: 'Gather', input: ['emb', 'ids'], output: ['bag'], name: 'gather', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] }),
      onnx.NodeProto.create({ opType: 'Mul', input: ['bag', 'weights'], output: ['weighted'], name: 'weigh' }),
      onnx.NodeProto.create({ opType: 'ReduceSum', input: ['weighted', 'axis1'], output: ['mean'], name: 'mean', attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] }),
      onnx.NodeProto.create({ opType: 'Gemm', input: ['mean', 'w1', 'b1'], output: ['pre'], name: 'fc1' }),
      onnx.NodeProto.create({ opType: 'Relu', input: ['pre'], output: ['hid'], name: 'relu' }),
      onnx.NodeProto.create({ opType: 'Gemm', input: ['hid', 'w2', 'b2'], output: ['logit'], name: 'fc2' }),
      onnx.NodeProto.create({ opType: 'Sigmoid', input: ['logit'], output: ['score'], name: 'sigmoid' }),
    ],
  });
  return encodeModel(graph, docString);
}
