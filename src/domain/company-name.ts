// Company names as people type them: "Acme Data, Inc.", "ACME DATA INC" and "Acme Data" are one
// company. The normalised form is what exact and fuzzy account matching compare.

/** Words every legal form is built from; normalisation strips them from the end of a name. */
const LEGAL_SUFFIX_WORDS = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'ag',
  'se',
  'sa',
  'sas',
  'sarl',
  'bv',
  'nv',
  'sl',
  'srl',
  'spa',
  'ab',
  'as',
  'aps',
  'a/s',
  'oy',
  'pty',
  'pte',
  'pvt',
  'kk',
  'ltda',
  'dac',
  'de',
  'cv',
])

/**
 * Lower case, accents and punctuation removed, "&" read as "and", no leading "the" and no legal
 * form at the end: "The Acme Data Co., Inc." -> "acme data"; "Société Générale SA" -> "societe
 * generale".
 */
export function normalizeCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replaceAll('&', ' and ')
    // Dots join abbreviations ("S.A." is "sa", "Booking.com" is one word).
    .replaceAll('.', '')
    .replace(/[^a-z0-9/ ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '')
  if (words.length > 1 && words[0] === 'the') words.shift()
  while (words.length > 1 && LEGAL_SUFFIX_WORDS.has(words[words.length - 1] ?? '')) words.pop()
  return words.join(' ')
}
