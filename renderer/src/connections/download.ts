/**
 * Saves text as a file through the browser's own download (a Blob and an
 * `<a download>`), which works in Electron and in the browser host alike.
 */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** The same for a Blob assembled in parts (large exports read from main in chunks). */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked on the next turn: revoking synchronously can cancel the download in some engines.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `sentinel-connections-2025-03-04.json` */
export function exportFileName(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  return `sentinel-connections-${day}.json`;
}

/** The file picked in an `<input type=file>`; the input is reset so the same file can be picked again. */
export function takePickedFile(event: Event): File | null {
  const input = event.target as HTMLInputElement | null;
  const file = input?.files?.[0] ?? null;
  if (input) input.value = '';
  return file;
}
