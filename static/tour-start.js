// Opens the guided tour when asked for: the "Take the tour" button, or ?tour=1 / #tour=… in the
// address. The card itself (tour.js) loads only then. Each page says its lesson on <html>.
const lesson = document.documentElement.dataset.lesson;
// Should the card not load, the page takes its address back.
const release = () => (window.wasmBindings
  ? wasmBindings.tour_hold_address(false)
  : addEventListener('TrunkApplicationStarted', () => wasmBindings.tour_hold_address(false), { once: true }));
const tour = (quiet) => import('./tour.js').then((m) => m.open(lesson, { quiet }), release);
// Opened by the address inside another page's frame, the card waits to be reached: an embed
// never takes the focus before the reader touches it.
const framed = window.self !== window.top;
if (/[?&]tour=(1|true)(&|$)/.test(location.search) || location.hash.startsWith('#tour=')) tour(framed);
document.addEventListener('click', (e) => {
  if (e.target.closest?.('.tour-start')) tour(false);
  // "Write a tour": the editor (tour-edit.js) loads only then.
  if (e.target.closest?.('.tour-write')) import('./tour-edit.js').then((m) => m.open(lesson));
});

// Printing: every "why" opens, and the scenario's link goes at the end, so the handout says
// what it shows and how to open it again.
addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll('main details:not(.settings):not(.share)')) d.open = true;
  let p = document.querySelector('.print-link');
  if (!p) {
    p = document.createElement('p');
    p.className = 'print-link';
    document.querySelector('main')?.append(p);
  }
  p.textContent = `This scenario: ${location.href}`;
});
