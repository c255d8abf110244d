// Builds the dashboard (src/dashboard) into dist/dashboard: one minified script and one style
// sheet with content-hashed names (so the admin plane can cache them for a year), the page that
// links them, and Brotli and gzip forms of each, made once here instead of per request.
// Run by the gateway's `build` script after tsc; esbuild's binary comes from the npm registry.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src', 'dashboard');
const out = join(root, 'dist', 'dashboard');
const assets = join(out, 'assets');

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

// uPlot's MIT notice is a plain comment that minifying drops: keep it at the top of the bundle.
const uplot = JSON.parse(readFileSync(join(root, 'node_modules', 'uplot', 'package.json'), 'utf8'));
const notice = `/*! uPlot v${uplot.version} (c) Leon Sorokin, ${uplot.license} licensed, ${uplot.homepage} */`;

const result = await build({
  entryPoints: { app: join(src, 'main.ts') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome109', 'firefox115', 'safari16'],
  platform: 'browser',
  tsconfig: join(src, 'tsconfig.json'),
  entryNames: '[name]-[hash]',
  outdir: assets,
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'linked',
  banner: { js: notice },
  logLevel: 'warning',
});

/** The one output whose name matches `pattern` (names carry the content hash). */
function output(pattern) {
  const names = Object.keys(result.metafile.outputs).map((p) => basename(p)).filter((n) => pattern.test(n));
  if (names.length !== 1) throw new Error(`dashboard build: expected one output like ${pattern}, got ${names.join(', ') || 'none'}`);
  return names[0];
}

const js = output(/^app-[A-Z0-9]+\.js$/);
const css = output(/^app-[A-Z0-9]+\.css$/);

const page = readFileSync(join(src, 'index.html'), 'utf8')
  .replace('%STYLE%', `dashboard/${css}`)
  .replace('%SCRIPT%', `dashboard/${js}`);
if (/%(STYLE|SCRIPT)%/.test(page)) throw new Error('dashboard build: index.html still has a placeholder');
writeFileSync(join(out, 'index.html'), page);

// Pre-compressed forms of what the browser loads; source maps and licences stay plain.
const compressible = [join(out, 'index.html'), join(assets, js), join(assets, css)];
for (const file of compressible) {
  const bytes = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
}

const sizes = compressible.map((f) => `${basename(f)} ${readFileSync(f).length} B (br ${readFileSync(`${f}.br`).length} B)`);
console.log(`dashboard built: ${sizes.join(', ')}`);
