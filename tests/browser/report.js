// report.js - cckit's HTML validation reports in a real browser.
//
//   node report.js OUTDIR PAGE.html[:hostile]...
//
// Each page is opened from disk in Debian's chromium (playwright-core,
// never a downloaded browser) and must: load with no console error and
// no page error; make no request but file: ones (every request is
// intercepted and counted, anything else is aborted); leave the marker
// window.__cckitPwned unset (":hostile" pages are built from a cartridge
// whose text tries to set it); have zero serious or critical axe-core
// violations; filter by severity and by code as the controls say; show
// every finding, and no filter, with scripts off.  A screenshot of each
// page is written to OUTDIR for a person to look at.  Exit 0 when all
// pass, 1 otherwise (one line per failure on stderr).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const modules = process.env.CCKIT_BROWSER_MODULES || path.join(__dirname, 'node_modules');
const { chromium } = require(path.join(modules, 'playwright-core'));
const axeSource = fs.readFileSync(path.join(modules, 'axe-core', 'axe.min.js'), 'utf8');

const [outDir, ...pages] = process.argv.slice(2);
let failures = 0;
function fail(page, what) {
    failures++;
    console.error(`FAIL ${page}: ${what}`);
}

// Flags that keep chromium off the (closed) network and quiet.
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function checkFilters(page, name) {
    const groups = await page.$$eval('section.group', gs => gs.map(g => ({
        sev: g.dataset.sev, code: g.dataset.code, items: g.querySelectorAll('ol > li').length,
        count: +g.dataset.count })));
    const total = groups.reduce((n, g) => n + g.items, 0);
    for (const g of groups)
        if (g.items !== g.count)
            fail(name, `group ${g.code}: ${g.items} items shown, data-count says ${g.count}`);
    if (!(await page.isVisible('#filters')))
        return fail(name, 'the filters are not shown although the script runs');
    const status = async () => page.textContent('#shown');
    if ((await status()) !== `Showing ${total} of ${total} findings.`)
        fail(name, `status before filtering: "${await status()}", expected all ${total}`);
    if (!groups.length)
        return;
    // Severity: untick the severity of the first group.
    const sev = groups[0].sev;
    await page.getByRole('checkbox', { name: new RegExp('^' +
        { error: 'Errors', warning: 'Warnings', info: 'Notes' }[sev]) }).uncheck();
    const visible = () => page.$$eval('section.group', gs => gs.filter(g => g.offsetParent !== null)
        .map(g => ({ sev: g.dataset.sev, code: g.dataset.code, items: g.querySelectorAll('ol > li').length })));
    let shown = await visible();
    const expectSev = groups.filter(g => g.sev !== sev);
    if (shown.some(g => g.sev === sev) || shown.length !== expectSev.length)
        fail(name, `after unticking ${sev}: ${shown.length} groups shown, expected ${expectSev.length}`);
    const n = expectSev.reduce((a, g) => a + g.items, 0);
    if ((await status()) !== `Showing ${n} of ${total} findings.`)
        fail(name, `status after unticking ${sev}: "${await status()}", expected ${n}`);
    await page.getByRole('checkbox', { name: new RegExp('^' +
        { error: 'Errors', warning: 'Warnings', info: 'Notes' }[sev]) }).check();
    // Code: choose the code of the last group, through its label.
    const code = groups[groups.length - 1].code;
    await page.getByLabel('Show code').selectOption(code);
    shown = await visible();
    const expectCode = groups.filter(g => g.code === code);
    if (shown.some(g => g.code !== code) || shown.length !== expectCode.length)
        fail(name, `code ${code}: ${shown.length} groups shown, expected ${expectCode.length}`);
    const m = expectCode.reduce((a, g) => a + g.items, 0);
    if ((await status()) !== `Showing ${m} of ${total} findings.`)
        fail(name, `status for code ${code}: "${await status()}", expected ${m}`);
    // The severity sections around a hidden group go too.
    const sevShown = await page.$$eval('section.sev', ss => ss.filter(s => s.offsetParent !== null)
        .map(s => s.dataset.sev));
    for (const s of sevShown)
        if (!expectCode.some(g => g.sev === s))
            fail(name, `code ${code}: the ${s} section is shown without a finding in it`);
    await page.getByLabel('Show code').selectOption('');
}

async function checkPage(browser, file, hostile) {
    const name = path.basename(file);
    const url = 'file://' + path.resolve(file);
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const before = failures;
    const offsite = [];
    const errors = [];
    let dialogs = 0;
    await context.route('**/*', route => {
        const u = route.request().url();
        if (u.startsWith('file:'))
            return route.continue();
        offsite.push(u);
        return route.abort();
    });
    page.on('console', msg => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', e => errors.push(String(e)));
    page.on('dialog', d => { dialogs++; d.dismiss(); });
    await page.goto(url, { waitUntil: 'load' });
    // Give anything the page would start (timers, lazy loads) a moment.
    await page.waitForTimeout(200);
    if (offsite.length)
        fail(name, `${offsite.length} request(s) left the file: ${offsite.slice(0, 3).join(' ')}`);
    if (errors.length)
        fail(name, `console errors: ${errors.slice(0, 3).join(' | ')}`);
    const marker = await page.evaluate(() => window.__cckitPwned);
    if (marker !== undefined || dialogs)
        fail(name, `a script from the cartridge ran (marker ${marker}, ${dialogs} dialogs)`);
    if (hostile) {
        // The hostile text must be there, as text: the test proves it was shown.
        const text = await page.textContent('main');
        if (!text.includes('__cckitPwned') || !text.includes('<script>'))
            fail(name, 'the hostile text is not shown as text');
    }
    await page.screenshot({ path: path.join(outDir, name.replace(/\.html$/, '') + '.png'),
        fullPage: (await page.evaluate(() => document.body.scrollHeight)) < 12000 });
    await checkFilters(page, name);
    // axe-core: evaluated through the driver (the page's policy allows no
    // script of ours, which is the point).
    await page.evaluate(axeSource);
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of res.violations)
        if (v.impact === 'serious' || v.impact === 'critical')
            fail(name, `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0].target})`);
    if (offsite.length)
        fail(name, `requests left the file after the checks: ${offsite.length}`);
    await context.close();

    // Scripts off: every finding visible, no filter controls.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await noJs.newPage();
    await p2.goto(url, { waitUntil: 'load' });
    const hiddenGroups = await p2.$$eval('section.group', gs => gs.filter(g => g.offsetParent === null).length);
    if (hiddenGroups)
        fail(name, `without scripts ${hiddenGroups} groups are hidden`);
    if (await p2.isVisible('#filters'))
        fail(name, 'without scripts the (useless) filters are shown');
    await noJs.close();
    console.log(`${failures === before ? 'ok' : 'not ok'} ${name}`);
}

(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    const browser = await chromium.launch({
        executablePath: process.env.CCKIT_CHROMIUM || '/usr/bin/chromium', args,
        // a fresh profile in a temporary folder, removed on close
        env: { ...process.env, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'cckit-chromium-')) },
    });
    try {
        for (const p of pages) {
            const hostile = p.endsWith(':hostile');
            await checkPage(browser, hostile ? p.slice(0, -8) : p, hostile);
        }
    } finally {
        await browser.close();
    }
    process.exit(failures ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
