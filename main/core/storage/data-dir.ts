import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Sentinel Operator Console';

/**
 * The data directory: `SOC_DATA_DIR` when set (tests, portable use), else the
 * same folder Electron's `userData` uses, so both transports share settings.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.SOC_DATA_DIR) return env.SOC_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
