/**
 * Countries as CRM exports write them: Salesforce's Billing Country is free text ("USA", "United
 * States", "US"), HubSpot's Country/Region a name. The ICP model compares countries by the name
 * here, so "USA" in an export matches "United States" in the model.
 */

/** A country's name and the other ways exports write it (compared without case, dots or spaces). */
const countryAliases: readonly (readonly [string, ...string[]])[] = [
  ["United States", "US", "USA", "U.S.", "U.S.A.", "United States of America", "America"],
  ["Canada", "CA"],
  ["United Kingdom", "UK", "GB", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"],
  ["Ireland", "IE", "Republic of Ireland"],
  ["Germany", "DE", "Deutschland"],
  ["France", "FR"],
  ["Netherlands", "NL", "The Netherlands", "Holland"],
  ["Belgium", "BE"],
  ["Luxembourg", "LU"],
  ["Switzerland", "CH"],
  ["Austria", "AT"],
  ["Spain", "ES", "España"],
  ["Portugal", "PT"],
  ["Italy", "IT", "Italia"],
  ["Sweden", "SE"],
  ["Norway", "NO"],
  ["Denmark", "DK"],
  ["Finland", "FI"],
  ["Poland", "PL"],
  ["Israel", "IL"],
  ["United Arab Emirates", "AE", "UAE"],
  ["South Africa", "ZA"],
  ["Australia", "AU"],
  ["New Zealand", "NZ"],
  ["Singapore", "SG"],
  ["Japan", "JP"],
  ["India", "IN"],
  ["China", "CN"],
  ["Hong Kong", "HK"],
  ["South Korea", "KR", "Korea", "Republic of Korea"],
  ["Brazil", "BR", "Brasil"],
  ["Mexico", "MX", "México"],
  ["Argentina", "AR"],
  ["Chile", "CL"],
  ["Colombia", "CO"],
];

const key = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

const byKey = new Map<string, string>(countryAliases.flatMap(([name, ...aliases]) => [name, ...aliases].map((alias) => [key(alias), name] as const)));

/** The country's name when it is one of the known ways to write it; otherwise the text as written (trimmed). */
export function canonicalCountry(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, " ");
  return byKey.get(key(trimmed)) ?? trimmed;
}

/** Whether two ways of writing a country name the same country ("USA" and "United States"). */
export function sameCountry(a: string, b: string): boolean {
  return key(canonicalCountry(a)) === key(canonicalCountry(b));
}

/** The countries known by name, for the settings form's suggestions. */
export const knownCountries: readonly string[] = countryAliases.map(([name]) => name);
