/**
 * The people and vocabulary the generated data draws on. Many actors
 * everywhere: filters, facets and actor columns need variety to be tested.
 */
import { Rng } from './prng';

const FIRST_NAMES = [
  'Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Priya', 'Lucas', 'Chloe', 'Mateo', 'Hana', 'Owen',
  'Sofia', 'Caleb', 'Amara', 'Jonas', 'Leila', 'Diego', 'Nora', 'Ravi', 'Elena', 'Kofi', 'Ines', 'Tomás',
  'Yuki', 'Aaron', 'Fatima', 'Marcus', 'Greta', 'Samir', 'Olivia', 'Chen', 'Isla', 'Bruno', 'Mei', 'Felix',
];
const LAST_NAMES = [
  'Anderson', 'Okafor', 'Nguyen', 'García', 'Kowalski', 'Patel', 'Müller', 'Rossi', 'Haddad', 'Schmidt',
  'Tanaka', 'Johansson', 'Silva', 'Dubois', 'Kim', 'Novak', 'Fischer', 'Moreau', "O'Brien", 'Ivanova',
  'Mensah', 'Larsen', 'Costa', 'Weber', 'Sato', 'Brennan', 'Cohen', 'Adeyemi', 'Lindqvist', 'Reyes',
];

export interface Person {
  first: string;
  last: string;
  fullName: string;
  /** ascii, lowercase: `ava.anderson` */
  login: string;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** `count` distinct people, deterministic for `rng`. */
export function people(rng: Rng, count: number): Person[] {
  const out: Person[] = [];
  const used = new Set<string>();
  const max = FIRST_NAMES.length * LAST_NAMES.length;
  while (out.length < Math.min(count, max)) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const fullName = `${first} ${last}`;
    if (used.has(fullName)) continue;
    used.add(fullName);
    out.push({ first, last, fullName, login: `${ascii(first)}.${ascii(last)}` });
  }
  return out;
}

/** A plausible client IP address (documentation and private ranges only). */
export function ipAddress(rng: Rng): string {
  const kind = rng.int(0, 3);
  if (kind === 0) return `192.0.2.${rng.int(1, 254)}`;
  if (kind === 1) return `198.51.100.${rng.int(1, 254)}`;
  if (kind === 2) return `203.0.113.${rng.int(1, 254)}`;
  return `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
  'LivePerson-Conversational-Cloud-API/1.0',
  'python-requests/2.31.0',
];
