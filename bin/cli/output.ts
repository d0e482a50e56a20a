import { neutraliseLine } from '../../shared/report/neutralise.ts';

/** Buffers many small writes to stdout into large ones (stdout is synchronous for files and pipes on Linux). */
export class BufferedOut {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly write: (chunk: string) => void = (c) => process.stdout.write(c)) {}

  line(text: string): void {
    this.parts.push(text);
    this.size += text.length + 1;
    if (this.size >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.write(`${this.parts.join('\n')}\n`);
    this.parts = [];
    this.size = 0;
  }
}

/** One line on stderr; what it quotes (names, notes, errors from the input) cannot act on the terminal. */
export function warn(message: string): void {
  process.stderr.write(`incidentiq: ${neutraliseLine(message)}\n`);
}
