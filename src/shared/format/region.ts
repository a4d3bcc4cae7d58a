/**
 * An offer's region as every face writes it (the offers table, the grouped view, the CLI): the
 * region id — or its name, when the name only adds detail to it (OCI: "us-ashburn-1 AD-1") —
 * preceded by the country when the id does not already name it. "NL · europe-west4-a" and
 * "US · eastus", but "EU-SE-1" and "us-west-2", not "SE · EU-SE-1" and "US · us-west-2": the
 * table's region column is narrow, and the repeated country pushed the part that tells regions
 * apart ("US · US-I…") out of it.
 */
export function regionLabel(r: { id: string; name?: string; country?: string }): string {
  const base = r.name && r.name.startsWith(r.id) ? r.name : r.id;
  if (!r.country) return base;
  const country = r.country.toLowerCase();
  const named = r.id
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .includes(country);
  return named ? base : `${r.country} · ${base}`;
}
