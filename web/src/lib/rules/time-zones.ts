/** The time zones a rule's schedule offers. Pure: the platform's list is passed in. */

// The browser's list (ICU, which keeps CLDR's stable names) still calls these zones by names
// the tz database has since replaced. Both names work everywhere, the server's included.
const currentNames: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** The tz database's current name of a zone: Asia/Calcutta is Asia/Kolkata. */
export function currentZoneName(name: string): string {
  return currentNames[name] ?? name;
}

/**
 * The zones to offer, by their current names: UTC first (Chromium leaves it out of its
 * list), then the platform's zones in alphabetical order. `kept` (the rule's stored zone,
 * even under an old name) stays choosable.
 */
export function timeZoneChoices(supported: readonly string[], kept: string): string[] {
  const zones = new Set(supported.map(currentZoneName));
  zones.add(kept);
  zones.delete('UTC');
  return ['UTC', ...[...zones].sort()];
}
