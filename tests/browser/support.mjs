// Shared support for the browser tests: the wijkverband binary, the shared
// data, a store with the demo region, and Debian's Chromium via playwright-core.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const bin = process.env.WIJKVERBAND_BIN ?? join(root, 'target', 'debug', 'wijkverband');
export const dataDir = process.env.WIJKVERBAND_DATA ?? resolve(root, '..', 'shared', 'data');
export const artifacts = join(root, 'artifacts');

/** Signs in on the login page as `email` and waits for the start page. */
export async function signIn(page, url, email, password) {
  await page.goto(url + '/inloggen');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: "Regio's" }).waitFor();
}

/** Runs the wijkverband CLI and returns its standard output. */
export function wv(...args) {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh SQLite store with the demo region loaded. */
export function demoStore() {
  const dir = mkdtempSync(join(tmpdir(), 'wv-browser-'));
  const db = join(dir, 'wijkverband.db');
  wv('--db', db, '--quiet', 'demo', '--data', dataDir);
  return { dir, db };
}

/** Rows of a CSV in the shared data (simple CSV: no quoted commas). */
export function rawCsv(file) {
  const [head, ...lines] = readFileSync(join(dataDir, file), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

export async function launch() {
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // WebGL for the MapLibre maps, in software (SwiftShader): CI machines have no GPU.
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

const freePort = () => new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});

/** Starts `wijkverband serve --demo` on a fresh store and resolves with its address, store and first login. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'wv-web-'));
  const db = join(dir, 'wv.db');
  const port = await freePort();
  const proc = spawn(bin, ['--db', db, '--quiet', 'serve', '--demo', '--data', dataDir, '--addr', `127.0.0.1:${port}`]);
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  for (let i = 0; i < 600 && !out.includes('draait op'); i++) await new Promise((r) => setTimeout(r, 100));
  const m = out.match(/Inloggen met (\S+) en wachtwoord (\S+) /);
  if (!m) throw new Error(`no first login in: ${out}`);
  return { proc, dir, db, url: `http://127.0.0.1:${port}`, email: m[1], password: m[2] };
}

/**
 * The WCAG 2.1 A and AA violations axe-core finds on the page as it is now (the page's own CSP
 * stays in force for the app; axe runs in a context that allows its injected script).
 */
export async function wcagViolations(page) {
  await page.addScriptTag({ path: join(root, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}
