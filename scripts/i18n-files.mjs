// A page's translations as built (`archsim messages` compiles them beside each page), and the
// script that picks the page's language before its wasm starts.
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The languages with files beside the page in `dir`, English (built into the page) apart. */
export async function languages(dir) {
  return (await readdir(join(dir, 'i18n'), { withFileTypes: true }))
    .filter((e) => e.isDirectory() && e.name !== 'en')
    .map((e) => e.name)
    .sort();
}

/** Each language's files for the page (the shell's messages and the page's own, then its
 * tour's words when it has them), relative to the page's directory. */
export async function translations(dir, lesson) {
  const files = [];
  for (const l of await languages(dir)) {
    files.push(`i18n/${l}/${lesson}.msg`);
    const tour = `i18n/${l}/${lesson}.tour.json`;
    if (await access(join(dir, tour)).then(() => true, () => false)) files.push(tour);
  }
  return files;
}

// Runs before the page's wasm, in its start module (`__SHIPPED__`: the languages beside it):
// the language is the link's `?lang=`, else the reader's last choice, else the first of the
// browser's languages that is shipped, else English; its messages are fetched. The page reads
// `window.archsimLanguage` as it starts and says what went wrong, if anything did; it writes
// numbers and picks plural forms through `window.archsimNumber` and `window.archsimPlural`.
export const PRELUDE = `
{
  const shipped = __SHIPPED__;
  const base = (l) => String(l || '').split(/[-_]/)[0].toLowerCase();
  const pick = (list) => list.map(base).find((l) => l === 'en' || shipped.includes(l));
  const asked = new URLSearchParams(location.search).get('lang');
  let kept = null;
  try { kept = localStorage.getItem('archsim-lang'); } catch {}
  const code = (asked !== null && pick([asked])) || pick([kept, ...(navigator.languages || []), navigator.language]) || 'en';
  const lang = { asked, code };
  if (code !== 'en') {
    try {
      const f = 'i18n/' + code + '/' + document.documentElement.dataset.lesson + '.msg';
      const r = await fetch(f);
      if (!r.ok) throw new Error(f + ': ' + r.status);
      lang.text = await r.text();
      if (!lang.text.startsWith('\x1e')) throw new Error(f + ': not a message file');
    } catch (e) {
      lang.error = String(e && e.message || e);
    }
  }
  window.archsimLanguage = lang;
  // Numbers and plural forms as the language writes them: its decimal sign, no grouping (so a
  // page's numbers read as the runner's do).
  const made = {};
  const intl = (Kind, extra) => (code, v, d) =>
    (made[Kind.name + code + d] ||= new Kind(code, { minimumFractionDigits: d, maximumFractionDigits: d, ...extra }));
  const number = intl(Intl.NumberFormat, { useGrouping: false });
  const plural = intl(Intl.PluralRules, {});
  window.archsimNumber = (code, v, d) => number(code, v, d).format(v);
  window.archsimPlural = (code, v, d) => plural(code, v, d).select(v);
}
`;
