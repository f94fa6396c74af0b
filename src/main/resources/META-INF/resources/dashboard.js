'use strict';
// The built-in dashboard. It reads the public API (with a VIEWER key kept in sessionStorage,
// or without one when the service runs with ledger.dashboard.public=true) and draws
// everything itself: no libraries, no network beyond this service.

const KEY_STORAGE = 'campaign-ledger.viewer-key';
const LANG_STORAGE = 'campaign-ledger.lang';

const TEXT = {
  id: {
    title: 'Dasbor Kampanye',
    subtitle: 'Transaksi UMKM dalam Gerakan Bangga Buatan Indonesia dan Bangga Berwisata di Indonesia',
    accessTitle: 'Kunci akses',
    accessText: 'Dasbor ini membaca API dengan kunci VIEWER. Kunci hanya disimpan di tab ini.',
    accessOpen: 'Buka dasbor',
    accessRejected: 'Kunci tidak dikenal atau sudah dicabut.',
    loading: 'Memuat data…',
    failed: 'Data tidak dapat dimuat',
    noCampaigns: 'Belum ada kampanye.',
    footer: 'Sumber: Campaign Ledger, dihitung dari buku besar transaksi.',
    regionData: 'Data wilayah:',
    asOf: 'Per',
    umkmTitle: 'UMKM terdaftar',
    registered: 'Terdaftar',
    curated: 'Dikurasi',
    exportReady: 'Siap ekspor',
    digitalPayments: 'Menerima pembayaran digital',
    targets: 'Target',
    noTargets: 'Kampanye ini belum punya target.',
    realised: 'Realisasi',
    target: 'Target',
    achieved: 'Tercapai',
    notAchieved: 'Belum tercapai',
    timesTarget: (x) => `${x}× target`,
    totals: (amount, count) => `Total kampanye: ${amount} dari ${count} transaksi`,
    verified: (seq, time, hash) => `Terverifikasi: checkpoint #${seq}, ${time}, hash ${hash}…`,
    howToVerify: 'Cara memverifikasi',
    chartTitle: (name) => `Realisasi kumulatif ${name} dibanding target`,
    chartCumulative: 'Realisasi kumulatif',
    chartTarget: (amount) => `Target ${amount}`,
    reachedOn: (date) => `Target tercapai ${date}`,
    milestone: (percent, date) => `Tonggak ${percent} % tercapai pekan ${date}`,
    byRegency: 'Per kabupaten/kota',
    byRegion: 'Per wilayah',
    allProvinces: 'Indonesia',
    drillLevel: { province: 'Per provinsi', regency: 'Per kabupaten/kota', district: 'Per kecamatan' },
    drillHint: 'Pilih wilayah untuk melihat rinciannya.',
    qualityTitle: 'Kualitas data',
    qualityFor: (name, year) => `${name} · tahun ${year} (WIB)`,
    qualityFlaggedShare: (share, amount) => `${share} dari ${amount} berasal dari UMKM yang omzet tahunannya melebihi batas skala usahanya (PP 7/2021).`,
    qualityFlaggedCount: (count, active) => `${count} dari ${active} UMKM aktif di atas batas skala`,
    qualityTop10: (share) => `10 UMKM terbesar: ${share} dari total`,
    qualityLarge: (count) => `${count} transaksi tunggal melebihi batas tahunan UMKM-nya`,
    qualityBands: 'Batas omzet tahunan: mikro s.d. Rp 2 miliar, kecil s.d. Rp 15 miliar, menengah s.d. Rp 50 miliar.',
    qualityReview: 'Tanda ini untuk ditinjau, bukan penolakan: transaksi tetap tercatat.',
    qualityUmkm: 'UMKM',
    qualityScale: 'Skala',
    qualityAmount: 'Omzet setahun',
    qualityRatio: '× batas',
    scales: { MIKRO: 'Mikro', KECIL: 'Kecil', MENENGAH: 'Menengah' },
    byChannel: 'Per kanal',
    byDestination: 'Ekspor per negara tujuan',
    destination: 'Negara tujuan',
    destinationNote: (amount, count) => `Ekspor yang menyebut negara tujuannya: ${amount} dari ${count} transaksi.`,
    region: 'Wilayah',
    channel: 'Kanal',
    value: 'Nilai',
    share: 'Porsi',
    transactions: 'Transaksi',
    qrisShare: (share, count) => `Dibayar digital lewat QRIS: ${share} dari nilai transaksi (${count} transaksi)`,
    unitUmkm: 'UMKM',
    unitTransactions: 'transaksi',
    metric: { TRANSACTION_VALUE: 'Nilai transaksi', TRANSACTION_COUNT: 'Jumlah transaksi', ACTIVE_UMKM: 'UMKM aktif' },
    channels: {
      MARKETPLACE: 'Marketplace', E_KATALOG: 'e-Katalog', QRIS: 'QRIS', EXPO: 'Pameran',
      OFFLINE: 'Toko luring', EXPORT: 'Ekspor', OTHER: 'Lainnya',
    },
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
    currency: 'Rp',
    scale: ['triliun', 'miliar', 'juta'],
    group: '.',
    decimal: ',',
  },
  en: {
    title: 'Campaign Dashboard',
    subtitle: 'UMKM transactions under the Proudly Made in Indonesia and Proud to Travel in Indonesia campaigns',
    accessTitle: 'Access key',
    accessText: 'This dashboard reads the API with a VIEWER key. The key is kept in this tab only.',
    accessOpen: 'Open dashboard',
    accessRejected: 'The key is unknown or has been revoked.',
    loading: 'Loading data…',
    failed: 'The data could not be loaded',
    noCampaigns: 'No campaigns yet.',
    footer: 'Source: Campaign Ledger, computed from the transaction ledger.',
    regionData: 'Region data:',
    asOf: 'As of',
    umkmTitle: 'Registered UMKM',
    registered: 'Registered',
    curated: 'Curated',
    exportReady: 'Export-ready',
    digitalPayments: 'Accept digital payments',
    targets: 'Targets',
    noTargets: 'This campaign has no targets yet.',
    realised: 'Realised',
    target: 'Target',
    achieved: 'Achieved',
    notAchieved: 'Not yet achieved',
    timesTarget: (x) => `${x}× the target`,
    totals: (amount, count) => `Campaign total: ${amount} from ${count} transactions`,
    verified: (seq, time, hash) => `Verified: checkpoint #${seq}, ${time}, hash ${hash}…`,
    howToVerify: 'How to verify',
    chartTitle: (name) => `Cumulative ${name} against the target`,
    chartCumulative: 'Cumulative realised',
    chartTarget: (amount) => `Target ${amount}`,
    reachedOn: (date) => `Target reached ${date}`,
    milestone: (percent, date) => `Milestone ${percent} % reached in the week of ${date}`,
    byRegency: 'By regency/city',
    byRegion: 'By region',
    allProvinces: 'Indonesia',
    drillLevel: { province: 'By province', regency: 'By regency/city', district: 'By district' },
    drillHint: 'Choose a region to see its breakdown.',
    qualityTitle: 'Data quality',
    qualityFor: (name, year) => `${name} · year ${year} (WIB)`,
    qualityFlaggedShare: (share, amount) => `${share} of ${amount} comes from UMKM whose annual sales exceed the ceiling of their business scale (PP 7/2021).`,
    qualityFlaggedCount: (count, active) => `${count} of ${active} active UMKM above their scale's ceiling`,
    qualityTop10: (share) => `Top 10 UMKM: ${share} of the total`,
    qualityLarge: (count) => `${count} single transactions above their UMKM's yearly ceiling`,
    qualityBands: 'Annual sales ceilings: micro up to IDR 2 billion, small up to IDR 15 billion, medium up to IDR 50 billion.',
    qualityReview: 'Flags are for review, not refusals: the transactions stay recorded.',
    qualityUmkm: 'UMKM',
    qualityScale: 'Scale',
    qualityAmount: 'Sales in the year',
    qualityRatio: '× ceiling',
    scales: { MIKRO: 'Micro', KECIL: 'Small', MENENGAH: 'Medium' },
    byChannel: 'By channel',
    byDestination: 'Exports by destination',
    destination: 'Destination',
    destinationNote: (amount, count) => `Exports that name their destination country: ${amount} from ${count} transactions.`,
    region: 'Region',
    channel: 'Channel',
    value: 'Value',
    share: 'Share',
    transactions: 'Transactions',
    qrisShare: (share, count) => `Paid digitally by QRIS: ${share} of the transaction value (${count} transactions)`,
    unitUmkm: 'UMKM',
    unitTransactions: 'transactions',
    metric: { TRANSACTION_VALUE: 'Transaction value', TRANSACTION_COUNT: 'Transaction count', ACTIVE_UMKM: 'Active UMKM' },
    channels: {
      MARKETPLACE: 'Marketplace', E_KATALOG: 'e-Catalogue', QRIS: 'QRIS', EXPO: 'Expo',
      OFFLINE: 'Offline store', EXPORT: 'Export', OTHER: 'Other',
    },
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    currency: 'IDR',
    scale: ['trillion', 'billion', 'million'],
    group: ',',
    decimal: '.',
  },
};

let lang = TEXT[localStorage.getItem(LANG_STORAGE)] ? localStorage.getItem(LANG_STORAGE) : 'id';
let data = null;

// ---- Formatting: amounts arrive as exact decimal strings and stay exact (BigInt, no floats) ----

function t() {
  return TEXT[lang];
}

function groupDigits(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, t().group);
}

/** "20000.00" -> "20.000,00" (id) or "20,000.00" (en). */
function formatDecimal(value) {
  const [whole, fraction] = String(value).replace('-', '').split('.');
  const sign = String(value).startsWith('-') ? '-' : '';
  return sign + groupDigits(whole) + (fraction ? t().decimal + fraction : '');
}

function formatPercent(value) {
  return `${formatDecimal(value)} %`;
}

function formatCount(value) {
  return groupDigits(String(value));
}

/** The exact rupiah amount: "Rp 12.000.000.000.000,00". */
function formatRupiahExact(value) {
  return `${t().currency} ${formatDecimal(value)}`;
}

/** A readable rupiah amount: "Rp 12 triliun", "Rp 60 miliar", "Rp 1,25 juta", "Rp 150.000". */
function formatRupiah(value) {
  const text = String(value);
  const negative = text.startsWith('-');
  const sen = toSen(text.replace('-', ''));
  const units = [10n ** 14n, 10n ** 11n, 10n ** 8n]; // triliun, miliar, juta in sen
  for (let i = 0; i < units.length; i++) {
    if (sen >= units[i]) {
      // Hundredths of the unit, rounded half up, with trailing zeros dropped: 12 triliun, 1,5 triliun.
      const hundredths = (sen * 100n + units[i] / 2n) / units[i];
      const whole = hundredths / 100n;
      let fraction = String(hundredths % 100n).padStart(2, '0').replace(/0+$/, '');
      const number = groupDigits(String(whole)) + (fraction ? t().decimal + fraction : '');
      return `${negative ? '-' : ''}${t().currency} ${number} ${t().scale[i]}`;
    }
  }
  return `${negative ? '-' : ''}${t().currency} ${groupDigits(String((sen + 50n) / 100n))}`;
}

function toSen(text) {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
}

function formatDate(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d} ${t().months[m - 1]} ${y}`;
}

function formatTarget(metric, value) {
  if (metric === 'TRANSACTION_VALUE') {
    return formatRupiah(value);
  }
  const unit = metric === 'ACTIVE_UMKM' ? t().unitUmkm : t().unitTransactions;
  return `${formatCount(String(value).split('.')[0])} ${unit}`;
}

// ---- Reading the API ----

class AccessNeeded extends Error {}

async function api(path) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  const headers = { Accept: 'application/json' };
  if (key) {
    headers.Authorization = `Bearer ${key}`;
  }
  const response = await fetch(path, { headers });
  if (response.status === 401 || response.status === 403) {
    throw new AccessNeeded(path);
  }
  if (!response.ok) {
    let detail = `${response.status}`;
    try {
      detail = (await response.json()).detail || detail;
    } catch (e) {
      // not a problem document
    }
    throw new Error(`${path}: ${detail}`);
  }
  return response.json();
}

/** One campaign's figures; a campaign that cannot be read shows its error and spoils no other. */
async function loadCampaign(campaign) {
  try {
    return await loadCampaignFigures(campaign);
  } catch (e) {
    if (e instanceof AccessNeeded) {
      throw e;
    }
    return { campaign, error: e.message };
  }
}

async function loadCampaignFigures(campaign) {
  const base = `/api/v1/campaigns/${encodeURIComponent(campaign.code)}`;
  const progress = await api(`${base}/progress`);
  // The chart and breakdowns follow the campaign's first value target (its period and region).
  const primary = progress.targets.find((target) => target.metric === 'TRANSACTION_VALUE') || null;
  const period = primary ? `from=${primary.periodStart}&to=${primary.periodEnd}` : '';
  const region = primary && primary.regionCode ? `&regionCode=${encodeURIComponent(primary.regionCode)}` : '';
  const year = primary ? primary.periodStart.slice(0, 4) : null;
  const [series, channel, destination, quality, milestones] = await Promise.all([
    primary ? api(`${base}/timeseries?interval=week&${period}${region}`) : null,
    api(`${base}/breakdown?by=channel&${period}`),
    api(`${base}/breakdown?by=destination&${period}`),
    year ? api(`${base}/plausibility?year=${year}&limit=5`) : null,
    primary ? api(`${base}/milestones`) : null,
  ]);
  // The region drill-down starts at the primary target's region (all provinces without one).
  const start = primary && primary.regionCode ? primary.regionCode : null;
  const drill = { period, path: start ? await regionPath(start) : [], rows: null, level: null };
  await loadDrill(base, drill);
  return { campaign, progress, primary, series, channel, destination, quality, drill, base, milestones };
}

/** The latest signed checkpoint (public), or null: the page works without one. */
async function loadCheckpoint() {
  try {
    const response = await fetch('/api/v1/attestations/latest', { headers: { Accept: 'application/json' } });
    return response.ok ? await response.json() : null;
  } catch (e) {
    return null;
  }
}

/** "Verified" line: the campaign's figures as of the latest checkpoint, and how to check them. */
function renderVerified(code) {
  const checkpoint = data.checkpoint;
  const sealed = checkpoint && checkpoint.campaigns.find((c) => c.campaign === code);
  if (!sealed) {
    return null;
  }
  const time = new Date(checkpoint.createdAt).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB',
    { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });
  return el('p', { class: 'verified' }, t().verified(checkpoint.seq, time, sealed.headHash.slice(0, 12)), ' · ',
    el('a', { href: '/verify.html' }, t().howToVerify));
}

const LEVELS = ['province', 'regency', 'district'];

/** A region and its ancestors, province first, from the public region API. */
async function regionPath(code) {
  const region = await api(`/api/v1/regions/${encodeURIComponent(code)}`);
  return [...region.ancestors, { code: region.code, name: region.name, level: region.level }];
}

/** The breakdown one level below the drill-down's last region (or by province at the top). */
async function loadDrill(base, drill) {
  const parent = drill.path.length ? drill.path[drill.path.length - 1] : null;
  const level = LEVELS[Math.min(drill.path.length, LEVELS.length - 1)];
  const breakdown = await api(`${base}/breakdown?by=${level}&limit=500&${drill.period}`);
  drill.level = level;
  drill.total = breakdown.totalAmountIdr;
  // UMKM registered at the parent's own level (a regency without a district) keep a row of their own.
  drill.rows = breakdown.rows.filter((row) => !parent || row.key === parent.code
    || row.key.startsWith(`${parent.code}.`));
}

async function drillTo(detail, path) {
  detail.drill.path = path;
  await loadDrill(detail.base, detail.drill);
  render();
}

async function load() {
  const status = document.getElementById('status');
  status.hidden = false;
  status.textContent = t().loading;
  status.classList.remove('error');
  try {
    const campaigns = (await api('/api/v1/campaigns')).items;
    const [stats, checkpoint, ...details] = await Promise.all([
      api('/api/v1/umkm/stats'),
      loadCheckpoint(),
      ...campaigns.map(loadCampaign),
    ]);
    data = { stats, checkpoint, campaigns: details };
    document.getElementById('access').hidden = true;
    status.hidden = true;
    render();
  } catch (e) {
    if (e instanceof AccessNeeded) {
      askForKey(Boolean(sessionStorage.getItem(KEY_STORAGE)));
      status.hidden = true;
      return;
    }
    status.textContent = `${t().failed}: ${e.message}`;
    status.classList.add('error');
  }
}

function askForKey(rejected) {
  document.getElementById('access').hidden = false;
  const error = document.getElementById('access-error');
  error.hidden = !rejected;
  error.textContent = rejected ? t().accessRejected : '';
  if (rejected) {
    sessionStorage.removeItem(KEY_STORAGE);
  }
}

// ---- Drawing ----

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  if (text !== null) {
    node.textContent = text;
  }
  return node;
}

function render() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t()[node.dataset.i18n];
  }
  for (const button of document.querySelectorAll('.lang button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
  if (!data) {
    return;
  }
  renderStats(data.stats);
  const container = document.getElementById('campaigns');
  container.replaceChildren(...(data.campaigns.length
    ? data.campaigns.map(renderCampaign)
    : [el('p', { class: 'card' }, t().noCampaigns)]));
  const read = data.campaigns.find((detail) => detail.progress);
  const asOf = read ? read.progress.asOf : null;
  document.getElementById('as-of').textContent = asOf
    ? `${t().asOf} ${formatDate(asOf.slice(0, 10))} ${asOf.slice(11, 16)} UTC` : '';
}

function renderStats(stats) {
  const tiles = [
    ['registered', stats.registered], ['curated', stats.curated],
    ['exportReady', stats.exportReady], ['digitalPayments', stats.digitalPayments],
  ];
  document.getElementById('umkm-stats').replaceChildren(...tiles.map(([name, value]) => el('div',
    { class: 'stat', 'data-stat': name },
    el('span', { class: 'stat-value' }, formatCount(value)),
    el('span', { class: 'stat-label' }, t()[name]))));
  document.getElementById('umkm').hidden = false;
}

function renderCampaign(detail) {
  const { campaign, progress } = detail;
  if (detail.error) {
    return el('section', { class: 'campaign card', 'data-campaign': campaign.code },
      el('h2', {}, `${campaign.name} (${campaign.code})`),
      el('p', { class: 'error' }, `${t().failed}: ${detail.error}`));
  }
  const section = el('section', { class: 'campaign card', 'data-campaign': campaign.code },
    el('h2', {}, `${campaign.name} (${campaign.code})`),
    el('p', { class: 'totals' }, t().totals(formatRupiah(progress.totals.amountIdr),
      formatCount(progress.totals.transactionCount))),
    renderVerified(campaign.code),
    el('h3', {}, t().targets),
    progress.targets.length ? el('div', { class: 'targets' }, sortTargets(progress.targets).map(renderTarget))
      : el('p', {}, t().noTargets));
  if (detail.quality && detail.primary) {
    section.append(renderQuality(detail.primary, detail.quality));
  }
  if (detail.primary && detail.series) {
    section.append(renderChart(detail.primary, detail.series, detail.milestones ? detail.milestones.items : []));
  }
  section.append(el('div', { class: 'breakdowns' },
    renderDrill(detail),
    renderChannels(detail.channel),
    detail.destination && detail.destination.rows.length ? renderDestinations(detail.destination) : null));
  return section;
}

const METRIC_ORDER = ['TRANSACTION_VALUE', 'TRANSACTION_COUNT', 'ACTIVE_UMKM'];

/** Value targets first: they are the campaign's headline. */
function sortTargets(targets) {
  return [...targets].sort((a, b) => METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric));
}

function narrow() {
  return window.innerWidth < 600;
}

function renderTarget(target) {
  const percent = Number(target.percent);
  const times = percent >= 200 ? Math.floor(percent / 100) : null;
  return el('div', { class: `target${target.achieved ? ' achieved' : ''}`, 'data-target-region': target.regionCode || '' },
    el('div', { class: 'target-head' },
      el('span', { class: 'target-name' }, `${target.name || t().metric[target.metric]}`),
      el('span', { class: 'target-metric' }, `${t().metric[target.metric]} · ${formatDate(target.periodStart)} – ${formatDate(target.periodEnd)}`)),
    el('div', {
      class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-valuenow': String(Math.min(100, percent)),
    }, el('span', { style: `width:${Math.min(100, percent)}%` })),
    el('div', { class: 'target-numbers' },
      el('span', {}, `${t().realised} `, el('strong', { class: 'realised', title: target.metric === 'TRANSACTION_VALUE' ? formatRupiahExact(target.realised) : null },
        formatTarget(target.metric, target.realised))),
      el('span', {}, `${t().target} `, el('strong', { class: 'target-amount', title: target.metric === 'TRANSACTION_VALUE' ? formatRupiahExact(target.target) : null },
        formatTarget(target.metric, target.target))),
      el('strong', { class: 'percent' }, formatPercent(target.percent))),
    el('p', { class: 'target-state' }, target.achieved ? t().achieved : t().notAchieved,
      times ? ` · ${t().timesTarget(formatCount(times))}` : ''));
}

/** Cumulative realised value per week against the target as a horizontal line, drawn as SVG. */
function renderChart(target, series, milestones = []) {
  // A narrower drawing on phones keeps the axis labels legible once scaled down.
  const width = narrow() ? 440 : 720;
  const height = 300;
  const pad = { left: 96, right: 16, top: 24, bottom: 36 };
  const points = series.points;
  const values = points.map((p) => Number(p.cumulativeAmountIdr));
  const goal = Number(target.target);
  const top = Math.max(goal, ...values, 1) * 1.05;
  const x = (i) => pad.left + (points.length > 1 ? i / (points.length - 1) : 0) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - (v / top) * (height - pad.top - pad.bottom);

  const chart = svg('svg', {
    class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': t().chartTitle(target.name || t().metric[target.metric]),
  });
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const value = (top / 1.05) * fraction;
    chart.append(svg('line', { class: 'grid', x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value) }));
    chart.append(svg('text', { class: 'axis', x: pad.left - 8, y: y(value) + 4, 'text-anchor': 'end' },
      formatRupiah(BigInt(Math.round(value)).toString())));
  }
  let lastMonth = -1;
  points.forEach((p, i) => {
    const month = Number(p.period.slice(5, 7)) - 1;
    if (month !== lastMonth && month % 2 === 0 && p.period.slice(0, 4) === target.periodStart.slice(0, 4)) {
      chart.append(svg('text', { class: 'axis', x: x(i), y: height - 12, 'text-anchor': 'middle' }, t().months[month]));
    }
    lastMonth = month;
  });
  if (points.length) {
    const line = points.map((p, i) => `${x(i).toFixed(1)},${y(values[i]).toFixed(1)}`).join(' ');
    chart.append(svg('polygon', {
      class: 'area',
      points: `${x(0).toFixed(1)},${y(0)} ${line} ${x(points.length - 1).toFixed(1)},${y(0)}`,
    }));
    chart.append(svg('polyline', { class: 'cumulative', points: line }));
  }
  chart.append(svg('line', { class: 'target-line', x1: pad.left, x2: width - pad.right, y1: y(goal), y2: y(goal) }));
  chart.append(svg('text', { class: 'target-label', x: width - pad.right, y: y(goal) - 6, 'text-anchor': 'end' },
    t().chartTarget(formatRupiah(target.target))));
  const reached = points.findIndex((p) => toSen(p.cumulativeAmountIdr.replace('-', '')) >= toSen(target.target));
  let reachedText = null;
  if (reached >= 0) {
    chart.append(svg('line', { class: 'reached', x1: x(reached), x2: x(reached), y1: pad.top, y2: height - pad.bottom }));
    reachedText = t().reachedOn(formatDate(points[reached].period));
  }
  // Milestones of the target as it stands (25, 50, 75, 100 %, then every tenfold), each marked on
  // the line at the first week whose cumulative value reaches it.
  const marked = milestones.filter((m) => m.targetId === target.targetId && toSen(m.target) === toSen(target.target));
  for (const m of marked) {
    const needed = toSen(m.target) * BigInt(m.threshold) / 100n;
    const at = points.findIndex((p) => toSen(p.cumulativeAmountIdr.replace('-', '')) >= needed);
    if (at < 0) {
      continue;
    }
    const group = svg('g', { class: 'milestone', 'data-threshold': m.threshold });
    group.append(svg('title', {}, t().milestone(formatCount(m.threshold), formatDate(points[at].period))));
    group.append(svg('circle', { cx: x(at).toFixed(1), cy: y(values[at]).toFixed(1), r: 4 }));
    group.append(svg('text', { x: x(at).toFixed(1), y: (y(values[at]) - 8).toFixed(1), 'text-anchor': 'middle' },
      `${formatCount(m.threshold)} %`));
    chart.append(group);
  }
  return el('figure', { class: 'chart-box' }, chart,
    el('figcaption', {}, el('span', { class: 'legend legend-cumulative' }, t().chartCumulative),
      el('span', { class: 'legend legend-target' }, t().chartTarget(formatRupiah(target.target))),
      reachedText ? el('span', { class: 'legend legend-reached' }, reachedText) : null));
}

function renderBreakdown(title, keyHeading, breakdown, kind, labelOf = (row) => row.label || row.key) {
  return el('div', { class: `breakdown breakdown-${kind}` },
    el('h3', {}, title),
    el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, keyHeading), el('th', { class: 'num' }, t().value),
        el('th', { class: 'num' }, t().share))),
      el('tbody', {}, breakdown.rows.map((row) => el('tr', { 'data-key': row.key },
        el('td', {}, labelOf(row), el('span', { class: 'share-bar', style: `width:${Math.min(100, Number(row.share))}%` })),
        el('td', { class: 'num', title: formatRupiahExact(row.amountIdr) }, formatRupiah(row.amountIdr)),
        el('td', { class: 'num' }, formatPercent(row.share)))))));
}

/** The region breakdown with a breadcrumb: province -> regency -> district, with names. */
function renderDrill(detail) {
  const { drill } = detail;
  const crumbs = [el('button', { type: 'button', class: 'crumb', 'data-code': '' }, t().allProvinces)];
  drill.path.forEach((region) => {
    crumbs.push(' › ', el('button', { type: 'button', class: 'crumb', 'data-code': region.code }, region.name));
  });
  crumbs.forEach((crumb, i) => {
    if (crumb instanceof Node) {
      const depth = i === 0 ? 0 : drill.path.findIndex((r) => r.code === crumb.dataset.code) + 1;
      crumb.addEventListener('click', () => drillTo(detail, drill.path.slice(0, depth)));
    }
  });
  const table = renderBreakdown(t().drillLevel[drill.level], t().region, { rows: drill.rows }, drill.level);
  table.classList.add('drill');
  table.insertBefore(el('nav', { class: 'crumbs', 'aria-label': t().byRegion }, crumbs), table.children[1]);
  if (drill.level !== 'district') {
    for (const row of table.querySelectorAll('tbody tr')) {
      const found = drill.rows.find((r) => r.key === row.dataset.key);
      // Only a region of this level (not one registered above it) can be opened further.
      if (found && found.key.split('.').length === LEVELS.indexOf(drill.level) + 1) {
        row.classList.add('drillable');
        row.tabIndex = 0;
        const open = () => drillTo(detail, [...drill.path, { code: found.key, name: found.label, level: drill.level }]);
        row.addEventListener('click', open);
        row.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
      }
    }
    table.append(el('p', { class: 'drill-hint' }, t().drillHint));
  }
  return table;
}

/** "Kualitas data" beside the target it qualifies: how much of the realised value cannot be true. */
function renderQuality(target, quality) {
  const row = quality.targets.find((q) => q.targetId === target.targetId);
  const flagged = quality.flaggedUmkm;
  return el('aside', { class: 'quality', 'data-quality-target': target.targetId },
    el('h3', {}, t().qualityTitle),
    el('p', { class: 'quality-for' }, t().qualityFor(target.name || t().metric[target.metric], quality.year)),
    row ? el('p', { class: 'quality-share' }, t().qualityFlaggedShare(formatPercent(row.flaggedShare),
      formatRupiah(row.realisedInYearIdr))) : null,
    el('ul', { class: 'quality-facts' },
      el('li', { class: 'quality-count' }, t().qualityFlaggedCount(formatCount(quality.flaggedUmkmCount),
        formatCount(quality.activeUmkm))),
      el('li', { class: 'quality-top10' }, t().qualityTop10(formatPercent(quality.top10.share))),
      el('li', { class: 'quality-large' }, t().qualityLarge(formatCount(quality.largeEntries.length)))),
    flagged.length ? el('table', { class: 'quality-umkm' },
      el('thead', {}, el('tr', {}, el('th', {}, t().qualityUmkm), el('th', {}, t().qualityScale),
        el('th', { class: 'num' }, t().qualityAmount), el('th', { class: 'num' }, t().qualityRatio))),
      el('tbody', {}, flagged.map((u) => el('tr', { 'data-umkm': u.umkmId },
        el('td', {}, u.name, el('span', { class: 'quality-region' }, ` · ${u.regionName || u.regionCode}`)),
        el('td', {}, t().scales[u.scale]),
        el('td', { class: 'num', title: formatRupiahExact(u.amountIdr) }, formatRupiah(u.amountIdr)),
        el('td', { class: 'num' }, `${formatDecimal(Number(u.ratio).toFixed(1))}×`))))) : null,
    el('p', { class: 'quality-note' }, t().qualityBands, ' ', t().qualityReview));
}

function renderChannels(breakdown) {
  const table = renderBreakdown(t().byChannel, t().channel, breakdown, 'channel',
    (row) => t().channels[row.key] || row.key);
  const qris = breakdown.rows.find((row) => row.key === 'QRIS');
  table.append(el('p', { class: 'qris-share' }, t().qrisShare(formatPercent(qris ? qris.share : '0.00'),
    formatCount(qris ? qris.transactionCount : 0))));
  return table;
}

/** A country's name in the page's language (the browser knows them), else the API's English label. */
function countryName(row) {
  try {
    return new Intl.DisplayNames([lang === 'id' ? 'id' : 'en'], { type: 'region' }).of(row.key) || row.label || row.key;
  } catch (e) {
    return row.label || row.key;
  }
}

function renderDestinations(breakdown) {
  const table = renderBreakdown(t().byDestination, t().destination, breakdown, 'destination', countryName);
  const count = breakdown.rows.reduce((sum, row) => sum + row.transactionCount, 0);
  table.append(el('p', { class: 'destination-note' }, t().destinationNote(formatRupiah(breakdown.totalAmountIdr),
    formatCount(count))));
  return table;
}

// ---- Wiring ----

document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('.lang button')) {
    button.addEventListener('click', () => {
      lang = button.dataset.lang;
      localStorage.setItem(LANG_STORAGE, lang);
      render();
    });
  }
  document.getElementById('access-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, document.getElementById('access-key').value.trim());
    load();
  });
  let wasNarrow = narrow();
  window.addEventListener('resize', () => {
    if (narrow() !== wasNarrow) {
      wasNarrow = narrow();
      render();
    }
  });
  render();
  load();
});
