/** Hex view of a binary body: 16 bytes a row, offset · hex · ASCII, formatted only when drawn. */
export const BYTES_PER_ROW = 16;

/** Decodes base64 without building an intermediate array of numbers. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function hexRowCount(byteLength: number): number {
  return Math.ceil(byteLength / BYTES_PER_ROW);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export interface HexRow {
  offset: string;
  hex: string;
  ascii: string;
}

/** Row `row`: `00000010`, `48 65 6c 6c 6f 20 …  (two groups of 8)`, `Hello …`. */
export function hexRow(bytes: Uint8Array, row: number): HexRow {
  const start = row * BYTES_PER_ROW;
  const end = Math.min(bytes.length, start + BYTES_PER_ROW);
  const hex: string[] = [];
  let ascii = '';
  for (let i = start; i < start + BYTES_PER_ROW; i++) {
    if (i === start + 8) hex.push('');
    if (i < end) {
      const b = bytes[i]!;
      hex.push(HEX[b]!);
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    } else {
      hex.push('  ');
    }
  }
  return { offset: start.toString(16).padStart(8, '0'), hex: hex.join(' '), ascii };
}

/** The row as one line of text (what the virtual list draws and Copy would copy). */
export function hexLine(bytes: Uint8Array, row: number): string {
  const r = hexRow(bytes, row);
  return `${r.offset}  ${r.hex}  ${r.ascii}`;
}
