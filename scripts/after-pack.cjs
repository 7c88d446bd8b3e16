/**
 * electron-builder afterPack hook: flips the Electron fuses of the packaged binary.
 *
 * Fuses are bits compiled into the Electron executable that turn features off for good,
 * so a user (or malware) cannot switch them back on with a flag or environment variable:
 * without this, `ELECTRON_RUN_AS_NODE=1 "Sentinel Operator Console"` is a signed Node.js
 * that can read the operator's keychain entries. afterPack runs before code signing, so
 * the signature covers the flipped bits.
 *
 * CommonJS because electron-builder `require()`s hooks.
 */
/* global require, module -- CommonJS, and eslint.config.js declares no CommonJS globals */
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('node:path');

/** @electron/fuses ships with electron-builder (app-builder-lib); resolve it there if not hoisted. */
function loadFuses() {
  try {
    return require('@electron/fuses');
  } catch {
    const builder = require.resolve('app-builder-lib/package.json');
    return require(require.resolve('@electron/fuses', { paths: [path.dirname(builder)] }));
  }
}

function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      // Linux uses `linux.executableName` (see electron-builder.yml).
      return path.join(appOutDir, packager.executableName);
  }
}

/** The fuse settings, by @electron/fuses option name; true = enabled. */
const wantedFuses = {
  // No `ELECTRON_RUN_AS_NODE`: the app binary cannot be used as a plain Node.js.
  RunAsNode: false,
  // No `NODE_OPTIONS` (e.g. --require of an attacker's script at start-up).
  EnableNodeOptionsEnvironmentVariable: false,
  // No `--inspect`/`--inspect-brk`: nobody attaches a debugger to the main process.
  EnableNodeCliInspectArguments: false,
  // Load the app only from app.asar, never from a loose `app/` folder dropped next to it.
  OnlyLoadAppFromAsar: true,
  // Check app.asar against the hash electron-builder embeds (macOS and Windows; Electron
  // ignores it on Linux), so a patched archive does not start.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Encrypt Chromium's cookie store with an OS-protected key.
  EnableCookieEncryption: true,
  // The UI comes from app://, never file://, so file: pages need no extra powers.
  GrantFileProtocolExtraPrivileges: false,
};

async function afterPack(context) {
  const binary = executablePath(context);
  if (process.env.SOC_SKIP_FUSES === '1') {
    // Only for config checks that package a stand-in folder instead of a real Electron
    // (this machine cannot download one); a real release must never set this.
    console.warn(`  • SOC_SKIP_FUSES=1: NOT flipping Electron fuses on ${binary}`);
    return;
  }
  const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options } = loadFuses();
  const config = {
    version: FuseVersion.V1,
    // Apple Silicon refuses to run an ad-hoc signed binary whose bytes changed; re-sign it
    // ad hoc so unsigned local builds still start (real signing happens after this hook).
    // Needs macOS's `codesign`, which is there whenever a darwin build is.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
  };
  for (const [name, enabled] of Object.entries(wantedFuses)) {
    config[FuseV1Options[name]] = enabled;
  }
  await flipFuses(binary, config);

  // Read the wire back: a release with a fuse silently left on is worse than a failed build.
  const ENABLE = 49;
  const DISABLE = 48;
  const REMOVED = 114;
  const wire = await getCurrentFuseWire(binary);
  for (const [name, enabled] of Object.entries(wantedFuses)) {
    const state = wire[FuseV1Options[name]];
    if (state === REMOVED) continue; // Electron dropped the feature; nothing left to turn off.
    if (state !== (enabled ? ENABLE : DISABLE)) {
      throw new Error(`Fuse ${name} is ${state}, expected ${enabled ? 'enabled' : 'disabled'}`);
    }
  }
  console.log(`  • flipped Electron fuses on ${binary}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.wantedFuses = wantedFuses;
