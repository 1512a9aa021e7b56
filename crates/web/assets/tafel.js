// @ts-check
// A table's phone page. What is typed goes into a queue kept in localStorage, each with its own
// random key, and leaves it only when the server has stored it: a reload, a dropped
// connection or a closed tab loses nothing, and a resend after a lost answer is stored once.
import { metId } from './dom.js';
import { Klok, vulLijst } from './klok.js';

const main = metId('tafel', HTMLElement);
const form = metId('typen', HTMLFormElement);
const invoer = metId('tekst', HTMLInputElement);
const wacht = metId('wacht', HTMLElement);
const ronde = metId('ronde', HTMLElement);
const klokEl = metId('klok', HTMLElement);
const eigen = metId('eigen', HTMLUListElement);
const muur = metId('muur', HTMLElement);

if (main && form && invoer && wacht && ronde && klokEl && eigen && muur) {
  const token = main.dataset.token ?? '';
  let csrf = main.dataset.csrf ?? '';
  const sleutel = `wv-tafel-${token}`;
  const klok = new Klok(klokEl);
  const knop = form.querySelector('button');

  /** @returns {{ sleutel: string, tekst: string }[]} */
  const wachtrij = () => {
    try {
      const q = JSON.parse(localStorage.getItem(sleutel) ?? '[]');
      return Array.isArray(q) ? q : [];
    } catch {
      return [];
    }
  };
  /** @param {{ sleutel: string, tekst: string }[]} q */
  const bewaar = (q) => localStorage.setItem(sleutel, JSON.stringify(q));

  const nieuweSleutel = () => {
    const b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  };

  const toonWacht = () => {
    const n = wachtrij().length;
    wacht.textContent = n === 0 ? '' : `${n} ${n === 1 ? 'bijdrage wacht' : 'bijdragen wachten'} op verbinding; ze gaan vanzelf mee.`;
  };

  let bezig = false;
  async function verstuur() {
    if (bezig) return;
    bezig = true;
    /** @type {string | null} */
    let geweigerd = null;
    try {
      for (;;) {
        const [eerste] = wachtrij();
        if (!eerste) break;
        const body = new URLSearchParams({ tekst: eerste.tekst, sleutel: eerste.sleutel, csrf });
        let res;
        try {
          res = await fetch(`/tafel/${token}`, { method: 'POST', body, headers: { 'x-csrf-token': csrf } });
        } catch {
          break; // offline: the queue waits
        }
        if (res.status === 403) {
          await peil(); // a fresh token; the next try uses it
          break;
        }
        if (res.status === 422) geweigerd = await res.text(); // refused for good (closed, too long)
        else if (!res.ok) break;
        bewaar(wachtrij().filter((x) => x.sleutel !== eerste.sleutel));
      }
    } finally {
      bezig = false;
      toonWacht();
      if (geweigerd) wacht.textContent = geweigerd;
      peil();
    }
  }

  async function peil() {
    let s;
    try {
      const res = await fetch(`/tafel/${token}/stand.json`, { cache: 'no-store' });
      if (!res.ok) return;
      s = await res.json();
    } catch {
      return;
    }
    csrf = s.csrf;
    ronde.textContent = s.tekst;
    klok.zet(s);
    if (knop) knop.disabled = s.status !== 'open';
    vulLijst(eigen, s.eigen);
    const ul = muur.querySelector('ul');
    muur.hidden = !s.muur;
    if (s.muur && ul) vulLijst(ul, s.muur.map((/** @type {{tafel: number|null, tekst: string}} */ b) => b.tekst));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const tekst = invoer.value.trim();
    if (!tekst) return;
    bewaar([...wachtrij(), { sleutel: nieuweSleutel(), tekst }]);
    invoer.value = '';
    invoer.focus();
    toonWacht();
    verstuur();
  });
  window.addEventListener('online', () => verstuur());
  setInterval(verstuur, 3000);
  setInterval(peil, 2000);
  peil();
  verstuur();
}
