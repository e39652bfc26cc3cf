// Varde's console in real headless Chromium, as an engineer on a phone and a leader at a desk would use it.
// Run by ConsoleBrowserTest (which starts Keycloak, PostgreSQL, Kafka, alerting and the console, and raises
// the alert); it prints one JSON report on stdout and writes screenshots to ARTEFACTS. Every page is scanned
// with axe-core (WCAG 2.1 A/AA rules) under the console's own content security policy: axe runs through
// the DevTools protocol, so the policy is never relaxed for the test.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('CONSOLE_URL');
const ALERT = env('ALERT_ID');
const USER = env('CONSOLE_USER');
const PASSWORD = env('CONSOLE_PASSWORD');
const ARTEFACTS = env('ARTEFACTS');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ADMIN = process.env.ADMIN_USER; // optional: an administrator's pages are scanned too
const DEVICE = process.env.DEVICE_ID; // optional: a device whose page is scanned
mkdirSync(ARTEFACTS, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const report = { pages: [], screenshots: [], checks: {}, cspViolations: [] };
const shot = async (page, name) => {
  const file = path.join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  report.screenshots.push(file);
};

async function scan(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const fcp = performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint');
    return {
      fcpMs: fcp ? Math.round(fcp.startTime) : null,
      weightBytes: (nav ? nav.encodedBodySize : 0) + resources.reduce((s, r) => s + r.encodedBodySize, 0),
      resources: resources.length + 1,
    };
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  report.pages.push({
    name, url: page.url(), ...timing, horizontalOverflowPx: overflow,
    violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
    passes: result.passes.length,
  });
}

function watchCsp(page) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(msg.text())) {
      report.cspViolations.push(`${page.url()}: ${msg.text()}`);
    }
  });
}

async function signIn(page, user = USER) {
  await page.goto(`${BASE}/console/`);
  await page.fill('#username', user);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/console')), page.click('#kc-login')]);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  // 03:00, on a phone: sign in, find the alert, open it, acknowledge, warn the residents.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true,
    hasTouch: true, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const p = await phone.newPage();
  watchCsp(p);
  await signIn(p);
  await p.waitForSelector('ul.alerts');
  await scan(p, 'phone: open alerts');
  await shot(p, 'phone-now');
  await p.click(`a[href="/console/alerts/${ALERT}"]`);
  await p.waitForSelector('svg.chart');
  report.checks.chartVisible = await p.isVisible('svg.chart');
  await scan(p, 'phone: one alert');
  await shot(p, 'phone-alert');
  await p.getByRole('button', { name: 'Kvitter' }).click();
  await p.waitForSelector('.flash');
  report.checks.ackFlash = await p.textContent('.flash');
  await scan(p, 'phone: after acknowledging');
  await p.check('#confirm');
  await p.getByRole('button', { name: 'Send varsel til innbyggerne' }).click();
  await p.waitForSelector('.flash');
  report.checks.residentsFlash = await p.textContent('.flash');
  report.checks.trail = await p.textContent('#ev-h + table');
  await shot(p, 'phone-after-warning');

  // The next morning, at a desk, with the keyboard only.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const d = await desk.newPage();
  watchCsp(d);
  await signIn(d);
  await d.waitForSelector('main');
  await scan(d, 'desktop: open alerts');
  await shot(d, 'desktop-now');
  await d.keyboard.press('Tab');
  const first = await d.evaluate(() => ({ text: document.activeElement.textContent,
    outline: getComputedStyle(document.activeElement).outlineStyle }));
  report.checks.firstTab = first;
  await d.keyboard.press('Enter');
  report.checks.skipLinkTarget = await d.evaluate(() => document.activeElement.id);
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await d.keyboard.press('Tab');
    reached = await d.evaluate((id) => document.activeElement.getAttribute('href') === `/console/alerts/${id}`, ALERT);
  }
  report.checks.keyboardReachesAlert = reached;
  report.checks.focusVisible = await d.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== 'none');
  await Promise.all([d.waitForURL(`**/console/alerts/${ALERT}`), d.keyboard.press('Enter')]);
  await scan(d, 'desktop: one alert');
  await shot(d, 'desktop-alert');
  await d.goto(`${BASE}/console/alerts/${ALERT}?lang=en`);
  report.checks.english = await d.textContent('h2#ev-h');
  await scan(d, 'desktop: one alert, English');
  await d.goto(`${BASE}/console/mine?lang=nb`);
  await scan(d, 'desktop: my alerts');
  await d.goto(`${BASE}/console/fleet`);
  report.checks.mapVisible = await d.isVisible('svg.map');
  await scan(d, 'desktop: devices');
  await shot(d, 'desktop-fleet');
  await d.goto(`${BASE}/console/gains`);
  await scan(d, 'desktop: gains');
  await shot(d, 'desktop-gains');
  await p.goto(`${BASE}/console/gains`);
  await scan(p, 'phone: gains');
  await shot(p, 'phone-gains');
  await p.goto(`${BASE}/console/fleet`);
  await scan(p, 'phone: devices');
  await shot(p, 'phone-fleet');

  if (DEVICE) {
    await d.goto(`${BASE}/console/devices/${DEVICE}`);
    await scan(d, 'desktop: one device');
  }
  if (ADMIN) {
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const a = await adminContext.newPage();
    watchCsp(a);
    await signIn(a, ADMIN);
    await a.goto(`${BASE}/console/fleet`);
    await a.click('details.add-device summary');
    await scan(a, 'admin: devices with the add form open');
    if (DEVICE) {
      await a.goto(`${BASE}/console/devices/${DEVICE}`);
      report.checks.adminSection = await a.isVisible('#admin-h');
      await scan(a, 'admin: one device');
      await shot(a, 'admin-device');
    }
  }

  // 200 % zoom of a 1280 px window is a 640 CSS px viewport; WCAG 1.4.10 asks for no sideways scrolling at 320.
  for (const width of [640, 320]) {
    await d.setViewportSize({ width, height: 800 });
    await d.goto(`${BASE}/console/alerts/${ALERT}`);
    report.checks[`overflowAt${width}`] = await d.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot(d, `zoom-${width}px-alert`);
  }
} finally {
  await browser.close();
}
writeFileSync(path.join(ARTEFACTS, 'report.json'), JSON.stringify(report, null, 2));
process.stdout.write(JSON.stringify(report));
