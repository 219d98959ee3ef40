/** Runs `action` with process.stdout and process.stderr captured (both into one text), and gives back its result and that text. */
export async function captureOutput<T>(action: () => T | Promise<T>): Promise<{ result: T; output: string }> {
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((text: string) => out.push(text) > 0) as typeof process.stdout.write;
  process.stderr.write = ((text: string) => out.push(text) > 0) as typeof process.stderr.write;
  try {
    const result = await action();
    return { result, output: out.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeError;
  }
}
