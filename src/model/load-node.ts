/** Node adapter of the model layer: the shipped model from `models/`, in onnxruntime-web's wasm backend. */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web/wasm';
import { createClassifier, type ModelConfig, type TextClassifier } from './classifier';

export const DEFAULT_MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../models');
export const MODEL_FILE = 'injection-lens.onnx';
export const CONFIG_FILE = 'model-config.json';

export async function loadShippedClassifier(modelsDir: string = DEFAULT_MODELS_DIR): Promise<TextClassifier> {
  const [bytes, configText] = await Promise.all([
    readFile(join(modelsDir, MODEL_FILE)),
    readFile(join(modelsDir, CONFIG_FILE), 'utf8'),
  ]);
  const config = JSON.parse(configText) as ModelConfig;
  return createClassifier(ort as unknown as typeof import('onnxruntime-web'), new Uint8Array(bytes), config, {
    numThreads: 1,
  });
}
