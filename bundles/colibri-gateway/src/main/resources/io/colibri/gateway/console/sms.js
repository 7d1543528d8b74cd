// How many parts an operator bills for a text (OPT-7), by the rules of the gateway's SmsParts
// (io.colibri.domain): GSM 03.38 when every character is in its alphabet, the extension table's
// (€ [ ] { } ^ ~ | \ and form feed) taking two septets, UCS-2 otherwise; 160 septets or 70 UCS-2
// units in one part, 153 or 67 in each part of a longer text; a part never ends between an
// escape and its character, nor inside a surrogate pair. The console's tests check this against
// the Java domain on its table of texts.
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?'
  + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';
export const MAX_PARTS = 8;

/** Septets of one UTF-16 unit: 1, 2 (extension), or -1 outside the alphabet. */
function septets(c) {
  if (c === '\u001B') return -1;
  if (BASIC.indexOf(c) >= 0) return 1;
  if (EXTENSION.indexOf(c) >= 0) return 2;
  return -1;
}

/** {encoding: 'GSM7'|'UCS2', units, parts, tooLong} of the text. */
export function count(text) {
  let gsm = true;
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const s = septets(text[i]);
    if (s < 0) { gsm = false; break; }
    total += s;
  }
  let parts = 0;
  if (gsm) {
    const limit = total <= 160 ? 160 : 153;
    let used = 0;
    parts = 1;
    for (let i = 0; i < text.length; i++) {
      const s = septets(text[i]);
      if (used + s > limit) { parts++; used = 0; }
      used += s;
    }
    return { encoding: 'GSM7', units: total, parts, tooLong: parts > MAX_PARTS };
  }
  total = text.length;
  const limit = total <= 70 ? 70 : 67;
  for (let start = 0; start < total;) {
    let end = Math.min(start + limit, total);
    const last = text.charCodeAt(end - 1);
    if (end < total && last >= 0xD800 && last <= 0xDBFF) end--;
    start = end;
    parts++;
  }
  return { encoding: 'UCS2', units: total, parts: Math.max(parts, 1), tooLong: parts > MAX_PARTS };
}

/** The characters that force UCS-2 (outside the GSM alphabet), each once, to show the sender why. */
export function outsideGsm(text) {
  const seen = [];
  for (const ch of text) {
    if (ch.length > 1 || septets(ch) < 0) {
      if (!seen.includes(ch)) seen.push(ch);
    }
  }
  return seen;
}
