/** Days after which a reference file's review is stale. */
const reviewDays = 365;

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/**
 * What may have gone out of date in the reference files (by file name, parsed), on `today`: a file
 * with no `reviewed` date or one over a year old, a fee rate's period that has ended, a calendar year
 * still provisional once it has begun. Each warning starts with the file's name.
 */
export function referenceWarnings(files: Record<string, Record<string, unknown>>, today: string): string[] {
  const warnings: string[] = [];
  for (const [name, file] of Object.entries(files)) {
    const reviewed = typeof file.reviewed === 'string' ? file.reviewed : null;
    if (!reviewed) warnings.push(`${name}: no "reviewed" date: record when its law was last checked`);
    else if (daysBetween(reviewed, today) > reviewDays)
      warnings.push(`${name}: last reviewed ${reviewed}, over a year ago: check its law again`);
  }
  const items = (files['fee-rules.json']?.items ?? {}) as Record<
    string,
    { periods?: Array<{ to: string | null; legalBasis: string }> }
  >;
  for (const [description, rule] of Object.entries(items))
    for (const period of rule.periods ?? [])
      if (period.to !== null && period.to < today)
        warnings.push(
          `fee-rules.json: '${description}': the rate of ${period.legalBasis.split(':')[0]} ended on ${period.to} (kept for quotes of earlier days; check what replaced it)`,
        );
  const years = (files['working-calendar.json']?.years ?? {}) as Record<string, { provisional?: boolean }>;
  for (const [year, entry] of Object.entries(years))
    if (entry.provisional && `${year}-01-01` <= today)
      warnings.push(
        `working-calendar.json: ${year} has begun and is still provisional: record the announced schedule`,
      );
  return warnings;
}
