// charts.js - cckit's pages of charts in a real browser: `cckit profile
// --format html`, `cckit compat --format html`, `cckit report --format html`.
//
//   node charts.js OUTDIR PAGE.html[:hostile]...
//
// Each page is opened from disk in Debian's chromium (playwright-core)
// and must: load with no console or page error; make no request but
// file: ones; leave window.__cckitPwned unset (":hostile" pages carry
// text that tries to set it, and must show it as text); have zero serious
// or critical axe-core violations; give every chart (figure.chart) an
// SVG with role="img" and an accessible name, and a table whose numbers
// are the bars' (each bar's number is in the SVG text and in the table's
// row of the same label).  On a compat page every matrix cell links to a
// ledger that following the link shows (a closed <details> opened).
// A screenshot of each page goes to OUTDIR.  Exit 0 when all pass.
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

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function checkCharts(page, name) {
    const charts = await page.$$eval('figure.chart', fs => fs.map(f => {
        const svg = f.querySelector('svg');
        const bars = svg ? [...svg.querySelectorAll('g')].map(g => ({
            // "<label>: <value>" in the bar's title; the number drawn beside it
            title: g.querySelector('title').textContent,
            drawn: g.querySelectorAll('text')[1].textContent })) : [];
        const rows = [...f.querySelectorAll('tbody tr')].map(tr =>
            [...tr.querySelectorAll('td')].map(td => td.textContent));
        return { id: f.id, role: svg && svg.getAttribute('role'),
            named: svg ? !!(svg.getAttribute('aria-labelledby') &&
                svg.getAttribute('aria-labelledby').split(' ').every(i => document.getElementById(i) &&
                    document.getElementById(i).textContent.trim())) : true,
            bars, rows };
    }));
    if (!charts.length)
        fail(name, 'no chart on the page');
    let checked = 0;
    for (const c of charts) {
        if (c.bars.length && c.role !== 'img')
            fail(name, `chart ${c.id}: the SVG has no role="img"`);
        if (!c.named)
            fail(name, `chart ${c.id}: the SVG has no accessible name`);
        if (c.rows.length < c.bars.length)
            fail(name, `chart ${c.id}: ${c.bars.length} bars but ${c.rows.length} table rows`);
        for (const b of c.bars) {
            const cut = b.title.lastIndexOf(': ');
            const label = b.title.slice(0, cut), value = b.title.slice(cut + 2);
            if (!b.drawn.startsWith(value))
                fail(name, `chart ${c.id}: bar "${label}" says ${value}, draws "${b.drawn}"`);
            const row = c.rows.find(r => r[0] === label);
            if (!row)
                fail(name, `chart ${c.id}: bar "${label}" has no table row`);
            else if (row[1] !== value)
                fail(name, `chart ${c.id}: bar "${label}" is ${value}, its table row ${row[1]}`);
            checked++;
        }
    }
    return checked;
}

async function checkMatrix(page, name) {
    const links = await page.$$eval('table.matrix td a', as => as.map(a => a.getAttribute('href')));
    if (!links.length)
        return fail(name, 'a compat page without matrix cells');
    for (const href of links) {
        const target = page.locator(href);
        if ((await target.count()) !== 1) {
            fail(name, `cell ${href}: no single ledger with that id`);
            continue;
        }
        if (await target.isVisible())
            fail(name, `ledger ${href} is open before its cell is followed`);
        await page.click(`table.matrix td a[href="${href}"]`);
        await page.waitForTimeout(30);
        if (!(await target.isVisible()))
            fail(name, `following cell ${href} does not show its ledger`);
        // close it again, so the next check starts closed
        await page.evaluate(h => { document.querySelector(h).closest('details').open = false; }, href);
    }
    return links.length;
}

async function checkPage(browser, file, hostile) {
    const name = path.basename(file);
    const url = 'file://' + path.resolve(file);
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const before = failures;
    const offsite = [], errors = [];
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
    await page.waitForTimeout(200);
    if (offsite.length)
        fail(name, `${offsite.length} request(s) left the file: ${offsite.slice(0, 3).join(' ')}`);
    const marker = await page.evaluate(() => window.__cckitPwned);
    if (marker !== undefined || dialogs)
        fail(name, `a script from the input ran (marker ${marker}, ${dialogs} dialogs)`);
    if (hostile) {
        const text = await page.textContent('body');
        if (!text.includes('__cckitPwned'))
            fail(name, 'the hostile text is not shown as text');
    }
    await page.screenshot({ path: path.join(outDir, name.replace(/\.html$/, '') + '.png'),
        fullPage: (await page.evaluate(() => document.body.scrollHeight)) < 12000 });
    const bars = await checkCharts(page, name);
    const cells = (await page.$('table.matrix')) ? await checkMatrix(page, name) : 0;
    await page.evaluate(axeSource);
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of res.violations)
        if (v.impact === 'serious' || v.impact === 'critical')
            fail(name, `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0].target})`);
    if (errors.length)
        fail(name, `console errors: ${errors.slice(0, 3).join(' | ')}`);
    if (offsite.length)
        fail(name, `requests left the file after the checks: ${offsite.length}`);
    await context.close();
    console.log(`${failures === before ? 'ok' : 'not ok'} ${name} (${bars} bars checked` +
        `${cells ? `, ${cells} matrix cells followed` : ''})`);
}

(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    const browser = await chromium.launch({
        executablePath: process.env.CCKIT_CHROMIUM || '/usr/bin/chromium', args,
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
