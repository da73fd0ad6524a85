/**
 * Microsoft's QDK (npm `qsharp-lang`, a dev dependency) as an independent oracle: it compiles
 * OpenQASM 3 and runs it on its own simulator. Specs and benchmarks run the same program text
 * on it and on this library's simulator and compare the results.
 *
 * Its output for a program is one value per shot: the program's classical registers in
 * declaration order (a tuple when there are several), each an array of `Zero`/`One` with
 * bit 0 first.
 */
import { readFileSync } from 'node:fs';
import * as qs from 'qsharp-lang';

let compiler: Promise<qs.ICompiler> | undefined;

/** The QDK compiler, loaded once (its WebAssembly module is read from the installed package). */
export function qdk(): Promise<qs.ICompiler> {
  compiler ??= (async () => {
    const wasm = new URL('../lib/web/qsc_wasm_bg.wasm', import.meta.resolve('qsharp-lang'));
    const bytes = readFileSync(wasm);
    await qs.loadWasmModule(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    return qs.getCompiler();
  })();
  return compiler;
}

/** One shot's output: each register's bits, bit 0 first. */
export type QdkShot = readonly (readonly number[])[];

/**
 * Run OpenQASM 3 `source` for `shots` shots on the QDK. Rejects with the QDK's own message when
 * it refuses the program or a shot fails.
 */
export async function runOnQdk(source: string, shots: number): Promise<QdkShot[]> {
  const c = await qdk();
  const events = new qs.QscEventTarget(true);
  await c.run(
    { sources: [['main.qasm', source]], languageFeatures: [], projectType: 'openqasm' },
    '',
    shots,
    events,
  );
  return events.getResults().map((r) => {
    if (!r.success) throw new Error(`QDK shot failed: ${JSON.stringify(r.result).slice(0, 400)}`);
    return parseShot(String(r.result));
  });
}

/** `([One, Zero], [Zero])`, `[One, Zero]` or `One` → registers of bits (a scalar bit is one). */
export function parseShot(text: string): QdkShot {
  const items = text.match(/\[[^\]]*\]|One|Zero/g) ?? [];
  return items.map((item) =>
    item.startsWith('[')
      ? item
          .slice(1, -1)
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x.length > 0)
          .map((x) => (x === 'One' ? 1 : 0))
      : [item === 'One' ? 1 : 0],
  );
}

/** A shot's registers as one key, e.g. `10|0` (each register's bits, bit 0 first). */
export function shotKey(shot: QdkShot): string {
  return shot.map((bits) => bits.join('')).join('|');
}
