/**
 * Code generation: a request as a runnable snippet in another tool or language.
 * Credentials and secret variables become environment-variable placeholders
 * (`$S1_API_TOKEN`, `os.environ["S1_API_TOKEN"]`, …); the answer lists their names.
 */
import { z } from 'zod';

export const CodegenTargetSchema = z.enum([
  'curl',
  'python-requests',
  'powershell',
  'go',
  'javascript-fetch',
  'node-fetch',
  'node-axios',
  'node-native',
]);
export type CodegenTarget = z.infer<typeof CodegenTargetSchema>;

/** Menu labels and editor languages, in menu order. */
export const CODEGEN_TARGETS: ReadonlyArray<{
  id: CodegenTarget;
  label: string;
  /** The Monaco language id to highlight it with. */
  language: 'shell' | 'python' | 'powershell' | 'go' | 'javascript';
}> = [
  { id: 'curl', label: 'cURL', language: 'shell' },
  { id: 'python-requests', label: 'Python (requests)', language: 'python' },
  { id: 'powershell', label: 'PowerShell (Invoke-RestMethod)', language: 'powershell' },
  { id: 'go', label: 'Go (net/http)', language: 'go' },
  { id: 'javascript-fetch', label: 'JavaScript (fetch)', language: 'javascript' },
  { id: 'node-fetch', label: 'Node.js (fetch)', language: 'javascript' },
  { id: 'node-axios', label: 'Node.js (axios)', language: 'javascript' },
  { id: 'node-native', label: 'Node.js (http)', language: 'javascript' },
];

export const CodegenResultSchema = z.object({
  code: z.string(),
  /** Environment variables the code reads, e.g. `S1_API_TOKEN`, `TOKEN2`: export them first. */
  placeholders: z.array(z.string()),
  language: z.enum(['shell', 'python', 'powershell', 'go', 'javascript']),
});
export type CodegenResult = z.infer<typeof CodegenResultSchema>;
