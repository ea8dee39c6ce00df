// Copies the tables of bench/results/latest.md into README.md's "Performance" section, between the
// section's introduction and its closing paragraph (marked by the comments below), so the README's
// figures are always one bench run's, copied rather than retyped.
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const latest = readFileSync('bench/results/latest.md', 'utf8');
const readme = readFileSync('README.md', 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} block`);
// The bench's "## N." sections become subsections of "## Performance"; its title and date line stay out.
const body = latest
  .slice(latest.indexOf('\n## '))
  .replace(/^## /gm, '### ')
  .trim();
writeFileSync('README.md', `${readme.slice(0, from + START.length)}\n\n${body}\n\n${readme.slice(to)}`);
console.log('README.md: Performance figures copied from bench/results/latest.md');
