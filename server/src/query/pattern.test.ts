import { describe, expect, it } from 'vitest';

import { foldAscii, matchesPattern, toLikePattern } from './pattern.js';

describe(foldAscii.name, () => {
  it('folds A-Z and nothing else', () => {
    expect(foldAscii('PowerShell.EXE')).toBe('powershell.exe');
    expect(foldAscii('ÉCOLE Straße İ K')).toBe('École straße İ k');
    expect(foldAscii('already lower')).toBe('already lower');
  });
});

describe(matchesPattern.name, () => {
  it.each([
    ['powershell.exe', 'power*', true],
    ['powershell.exe', '*.exe', true],
    ['powershell.exe', '*shell*', true],
    ['powershell.exe', 'p?wer*.e?e', true],
    ['powershell.exe', 'p?wer', false],
    ['', '*', true],
    ['', '?', false],
    ['a', '**?**', true],
    ['aaab', '*a*a*b', true],
    ['aaa', '*a*a*b', false],
    ['line1\nline2', 'line1*line2', true],
    ['😀.exe', '?.exe', true],
    ['😀.exe', '??.exe', false],
  ])('matches %j against %j: %s', (text, pattern, expected) => {
    expect(matchesPattern(text, pattern)).toBe(expected);
  });
});

describe(toLikePattern.name, () => {
  it('turns wildcards into LIKE wildcards and escapes LIKE characters', () => {
    expect(toLikePattern('a*b?c%d_e\\f')).toBe('a%b_c\\%d\\_e\\\\f');
  });
});
