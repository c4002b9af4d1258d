// Bundles Leo into dist/: one entry, with lazily imported screens split into their own chunks so
// that preset mode never loads Ink. Dependencies are bundled too: start-up time is dominated by
// loading modules, and one parsed file is far cheaper than hundreds resolved one by one.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const templatesDir = fileURLToPath(new URL('../templates', import.meta.url));

/**
 * Yoga's Emscripten loader checks `typeof fetch` before it falls back to its inline wasm, and in Node
 * that first look at `fetch` loads undici: some 25 ms of start-up for nothing. The check goes.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/][^\\/]+\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const contents = source.replaceAll('"function"!=typeof fetch', 'true');
      if (contents === source) throw new Error(`${path}: the fetch check to remove is gone; review yogaWithoutFetch`);
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Compiling every template on every run was most of a preset's render time: the bundle carries them
 * compiled, in place of src/pipeline/precompiled.ts. The compiler is Leo's own (src/pipeline/templates.ts,
 * bundled on the side and run here), so the options match the renderer's. A template edited after the
 * build renders as built until the next build, as an edited source file does.
 */
const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(bundling) {
    bundling.onLoad({ filter: /src[\\/]pipeline[\\/]precompiled\.ts$/ }, async () => {
      const work = mkdtempSync(join(tmpdir(), 'leo-build-'));
      try {
        const outfile = join(work, 'templates.mjs');
        await build({ ...bundleOptions, plugins: [], splitting: false, sourcemap: false, entryPoints: ['src/pipeline/templates.ts'], outfile });
        const { precompiledModule } = await import(pathToFileURL(outfile).href);
        return { contents: precompiledModule(templatesDir), loader: 'js', watchDirs: [templatesDir] };
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  },
};

/** The bundle settings, shared with the start-up benchmark's baseline app so that both are built alike. */
export const bundleOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Production builds of React: the development ones are several times larger and slower.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Ink loads its devtools bridge only with DEV=true, and the bridge's package is not installed.
  external: ['react-devtools-core'],
  // Bundled CommonJS dependencies (nunjucks, React) call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __leoCreateRequire } from 'node:module'; const require = __leoCreateRequire(import.meta.url);" },
  plugins: [yogaWithoutFetch, precompiledTemplates],
  sourcemap: 'linked',
  logLevel: 'warning',
};

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { metafile } = await build({ ...bundleOptions, entryPoints: ['src/cli.ts'], outdir: 'dist', metafile: true });
  // Chunk names carry content hashes: drop the ones earlier builds left, after the new ones are in place.
  const current = new Set(Object.keys(metafile.outputs).map((path) => join(path)));
  for (const file of readdirSync('dist')) if (!current.has(join('dist', file))) rmSync(join('dist', file));
}
