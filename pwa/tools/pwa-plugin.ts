/**
 * Vite plugin that makes the build installable and offline-capable:
 *  - reads the theme colours from hds-design-tokens (the City's "bus" blue and white),
 *  - draws the icons (192, 512, maskable 512, apple-touch 180) and the notification badge
 *    (96, white on transparent) as PNGs,
 *  - writes manifest.webmanifest,
 *  - compiles src/sw/sw.ts to /sw.js with the precache list taken from the final bundle
 *    (index.html, every hashed asset, the manifest and the icons) and a cache version derived
 *    from the content of those files, so every build that changes anything gets a new shell cache.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { transformWithOxc, type Plugin } from 'vite';
import { drawBadge, drawIcon } from './png.ts';

const require = createRequire(import.meta.url);

export interface BrandColours {
  /** --color-bus, Helsinki's brand blue */
  bus: string;
  white: string;
}

export function readBrandColours(): BrandColours {
  const css = readFileSync(require.resolve('hds-design-tokens/lib/color/all.css'), 'utf8');
  const token = (name: string): string => {
    const m = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})\\s*;`).exec(css);
    if (!m) throw new Error(`hds-design-tokens has no --${name}`);
    return m[1]!.toLowerCase();
  };
  return { bus: token('color-bus'), white: token('color-white') };
}

interface IconSpec {
  fileName: string;
  size: number;
  markScale: number;
  purpose?: 'any' | 'maskable';
  inManifest: boolean;
  /** One colour on transparent: the notification badge (src/sw/sw.ts BADGE_URL). */
  badge?: boolean;
}

const ICONS: IconSpec[] = [
  { fileName: 'icon-192.png', size: 192, markScale: 0.56, purpose: 'any', inManifest: true },
  { fileName: 'icon-512.png', size: 512, markScale: 0.56, purpose: 'any', inManifest: true },
  { fileName: 'icon-maskable-512.png', size: 512, markScale: 0.42, purpose: 'maskable', inManifest: true },
  { fileName: 'apple-touch-icon.png', size: 180, markScale: 0.5, inManifest: false },
  { fileName: 'badge-96.png', size: 96, markScale: 0.7, inManifest: false, badge: true },
];

export function buildManifest(colours: BrandColours): Record<string, unknown> {
  return {
    id: '/',
    name: 'Asiointi – Helsinki',
    short_name: 'Asiointi',
    description:
      'Helsingin kaupungin palvelut: toimipisteet, aukioloajat ja yhteystiedot. ' +
      'City of Helsinki services: service points, opening hours and contact details.',
    lang: 'fi',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    theme_color: colours.bus,
    background_color: colours.white,
    categories: ['government', 'utilities'],
    icons: ICONS.filter((i) => i.inManifest).map((i) => ({
      src: `/${i.fileName}`,
      sizes: `${i.size}x${i.size}`,
      type: 'image/png',
      purpose: i.purpose ?? 'any',
    })),
  };
}

const SW_SOURCE = fileURLToPath(new URL('../src/sw/sw.ts', import.meta.url));
/** The service worker's GraphQL operations (src/sw/sw.ts __OPERATIONS__), validated with the rest. */
const SW_OPERATIONS = ['MarkNotificationsRead', 'RegisterPushSubscription', 'UnregisterPushSubscription', 'VapidPublicKey'];

function operationText(name: string): string {
  const path = fileURLToPath(new URL(`../../graphql/operations/${name}.graphql`, import.meta.url));
  return readFileSync(path, 'utf8')
    .replace(/#[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function pwaPlugin(): Plugin {
  const colours = readBrandColours();
  const manifestJson = JSON.stringify(buildManifest(colours), null, 2) + '\n';
  const icons = new Map<string, Buffer>();
  const icon = (spec: IconSpec): Buffer => {
    let png = icons.get(spec.fileName);
    if (!png) {
      png = spec.badge
        ? drawBadge(spec.size, colours.white, spec.markScale)
        : drawIcon(spec.size, colours.bus, colours.white, spec.markScale);
      icons.set(spec.fileName, png);
    }
    return png;
  };

  return {
    name: 'asiointi-pwa',

    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { name: 'theme-color', content: colours.bus }, injectTo: 'head' }];
    },

    // The dev server answers the manifest and icons too, so `vite` behaves like the build.
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        if (path === '/manifest.webmanifest') {
          res.setHeader('Content-Type', 'application/manifest+json');
          res.end(manifestJson);
          return;
        }
        const spec = ICONS.find((i) => `/${i.fileName}` === path);
        if (spec) {
          res.setHeader('Content-Type', 'image/png');
          res.end(icon(spec));
          return;
        }
        next();
      });
    },

    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        for (const spec of ICONS) {
          this.emitFile({ type: 'asset', fileName: spec.fileName, source: icon(spec) });
        }
        this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: manifestJson });

        if (!bundle['index.html']) this.error('index.html is not in the bundle yet: plugin order changed');

        const hash = createHash('sha256');
        const files: string[] = [];
        for (const [fileName, item] of Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b))) {
          if (fileName.endsWith('.map') || fileName === 'sw.js') continue;
          files.push(fileName);
          hash.update(fileName);
          hash.update(item.type === 'chunk' ? item.code : item.source);
        }
        // Rollup adds files emitted in this hook to `bundle` at once; be explicit in case a bundler does not.
        for (const extra of [...ICONS.map((i) => i.fileName), 'manifest.webmanifest']) {
          if (!files.includes(extra)) {
            files.push(extra);
            hash.update(extra);
            hash.update(extra === 'manifest.webmanifest' ? manifestJson : icon(ICONS.find((i) => i.fileName === extra)!));
          }
        }
        const version = hash.digest('hex').slice(0, 16);
        const urls = files.map((f) => `/${f}`);

        const source = readFileSync(SW_SOURCE, 'utf8');
        const compiled = await transformWithOxc(source, SW_SOURCE, { lang: 'ts', sourcemap: false });
        let code = compiled.code;
        if (/^\s*(import|export)\b/m.test(code)) this.error('sw.ts must not import or export: it runs as a classic script');
        const replace = (name: string, value: unknown) => {
          const re = new RegExp(`\\b${name}\\b`, 'g');
          if (!re.test(code)) this.error(`sw.ts does not use ${name}`);
          code = code.replace(re, JSON.stringify(value));
        };
        replace('__PRECACHE_URLS__', urls);
        replace('__CACHE_VERSION__', version);
        replace('__OPERATIONS__', Object.fromEntries(SW_OPERATIONS.map((name) => [name, operationText(name)])));
        this.emitFile({ type: 'asset', fileName: 'sw.js', source: `// Asiointi service worker, build ${version}\n${code}` });
      },
    },
  };
}
