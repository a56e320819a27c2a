import { findProvince } from '../runtime/adminUnits.ts';

export interface Figures {
  total: number;
  /** 1 to 4 dossiers: no figure is published, the total neither (0). */
  suppressed: boolean;
  online: number;
  fullyOnline: number;
  completedOnTime: number;
  completedLate: number;
  paperlessRequirements: number;
  totalRequirements: number;
  averageRating: number | null;
  ratings: number;
}
export interface GroupFigures {
  key: string;
  statistics: Figures;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

/** The five published ratios of a set of dossiers (null where nothing is there to divide). */
export function ratios(s: Figures) {
  if (s.suppressed)
    return { online: null, fullyOnline: null, onTime: null, paperless: null, satisfaction: null };
  return {
    online: ratio(s.online, s.total),
    fullyOnline: ratio(s.fullyOnline, s.total),
    onTime: ratio(s.completedOnTime, s.completedOnTime + s.completedLate),
    paperless: ratio(s.paperlessRequirements, s.totalRequirements),
    satisfaction: s.averageRating === null ? null : s.averageRating / 5,
  };
}

const columns = [
  ['online', 'Nộp trực tuyến · online'],
  ['fullyOnline', 'Toàn trình · fully online'],
  ['onTime', 'Đúng hạn · on time'],
  ['paperless', 'Không giấy · paperless'],
  ['satisfaction', 'Hài lòng · satisfaction'],
] as const;

function bars(name: string, s: Figures): string {
  const r = ratios(s);
  const rows = columns
    .map(([key, label], i) => {
      const value = r[key] ?? 0;
      return `<text x="0" y="${i * 22 + 14}" class="label">${label}</text>
        <rect x="170" y="${i * 22 + 3}" width="${Math.round(value * 150)}" height="14" class="bar b${i}"/>
        <text x="${176 + Math.round(value * 150)}" y="${i * 22 + 14}" class="value">${percent(r[key])}</text>`;
    })
    .join('');
  return `<figure><figcaption>${escape(name)} <small>(${s.total} hồ sơ)</small></figcaption>
    <svg viewBox="0 0 360 112" role="img" aria-label="${escape(name)}">${rows}</svg></figure>`;
}

function table(title: string, groups: GroupFigures[], nameOf: (key: string) => string): string {
  const rows = groups
    .map((g) => {
      const r = ratios(g.statistics);
      const shown = g.statistics.suppressed ? '1–4*' : String(g.statistics.total);
      return `<tr><th scope="row">${escape(nameOf(g.key))}</th><td>${shown}</td>${columns
        .map(([key]) => `<td>${percent(r[key])}</td>`)
        .join(
          '',
        )}<td>${g.statistics.averageRating === null ? '—' : g.statistics.averageRating.toFixed(1)}</td></tr>`;
    })
    .join('');
  return `<section><h2>${escape(title)}</h2><div class="scroll"><table>
    <thead><tr><th scope="col">${escape(title)}</th><th scope="col">Hồ sơ</th>${columns
      .map(([, label]) => `<th scope="col">${label}</th>`)
      .join('')}<th scope="col">Điểm TB</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

const provinceName = (code: string) => findProvince(code)?.name ?? code;

/**
 * The public transparency page: per province and per agency, the online, fully-online, on-time and
 * paperless ratios and satisfaction, as bar charts and tables. Plain HTML and inline SVG: no script,
 * no external file, readable on a phone.
 */
export function renderStatsPage(data: {
  total: Figures;
  provinces: GroupFigures[];
  agencies: GroupFigures[];
}): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chỉ số phục vụ người dân và doanh nghiệp</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 12px; color: #1b1b1b; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
  figure { margin: 0; border: 1px solid #ddd; border-radius: 8px; padding: 8px; }
  figcaption { font-weight: 600; margin-bottom: 4px; }
  svg { width: 100%; height: auto; } .label, .value { font-size: 11px; }
  .bar { fill: #c8102e; } .b1 { fill: #da251d; } .b2 { fill: #2e7d32; } .b3 { fill: #1565c0; } .b4 { fill: #f9a825; }
  .scroll { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  th, td { border-bottom: 1px solid #eee; padding: 6px; text-align: right; white-space: nowrap; }
  th[scope=row], thead th:first-child { text-align: left; }
</style></head><body>
<h1>Chỉ số phục vụ người dân và doanh nghiệp <small>· service figures</small></h1>
<p>Từ hồ sơ của hệ thống một cửa (dossierStatistics). Tỷ lệ đúng hạn tính trên hồ sơ đã có kết quả; không giấy là
tỷ lệ thành phần hồ sơ lấy từ cơ sở dữ liệu quốc gia hoặc kết quả trước đó thay cho giấy tờ.</p>
<p><small>* Nhóm từ 1 đến 4 hồ sơ không công bố số liệu nào; các số khác làm tròn đến bội số của 5, theo tháng
trọn vẹn, để không số liệu nào (hay hiệu của hai số liệu) mô tả một hồ sơ nhận biết được. · Groups of 1 to 4
dossiers publish no figure; other counts are rounded to multiples of 5 over whole months, so that no figure,
nor the difference of two, describes an identifiable dossier.</small></p>
<div class="charts">${bars('Toàn quốc · nationwide', data.total)}</div>
<h2>Theo tỉnh, thành phố · by province</h2>
<div class="charts">${data.provinces.map((g) => bars(provinceName(g.key), g.statistics)).join('')}</div>
${table('Tỉnh, thành phố', data.provinces, provinceName)}
${table('Cơ quan · agency', data.agencies, (key) => key)}
</body></html>`;
}
