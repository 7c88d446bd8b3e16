/**
 * `npx tsx scripts/render-icons.ts`: renders resources/icons/icon.svg to the PNG sizes
 * electron-builder reads (Linux takes the folder of `<N>x<N>.png`; macOS and Windows
 * convert the 512 and 256 px files). Uses Debian's Chromium, like the screenshots.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const root = join(import.meta.dirname, '..');
const iconsDir = join(root, 'resources/icons');
const SIZES = [512, 256] as const;

const svg = readFileSync(join(iconsDir, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.SOC_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    // The SVG scales to the viewport; the transparent page keeps the tile's corners clear.
    const sized = svg.replace(
      /<svg([^>]*?)width="\d+" height="\d+"/,
      '<svg$1width="100%" height="100%"',
    );
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`,
    );
    const out = join(iconsDir, `${size}x${size}.png`);
    await page.screenshot({
      path: out,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await page.close();
    console.log(`wrote ${out}`);
  }
} finally {
  await browser.close();
}
