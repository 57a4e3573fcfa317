/** `--data DIR --out DIR --seed N --epochs N --candidate NAME` for `npm run train` / `npm run eval`. */
import { resolve } from 'node:path';

export interface TrainArgs {
  data: string;
  out: string;
  seed: number;
  epochs: number | null;
  candidate: string | null;
}

export function parseTrainArgs(argv: string[], repoRoot: string): TrainArgs {
  const get = (name: string): string | null => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq ? eq.slice(name.length + 3) : null;
  };
  const data = get('data') ?? process.env.INJECTION_LENS_DATA ?? resolve(repoRoot, '../shared/data');
  return {
    data: resolve(data),
    out: resolve(get('out') ?? resolve(repoRoot, 'models')),
    seed: Number(get('seed') ?? 20261129),
    epochs: get('epochs') ? Number(get('epochs')) : null,
    candidate: get('candidate'),
  };
}
