// Switchboard cost dashboard: reads the query API of the server that serves it and draws its charts as inline
// SVG. Money is formatted from the server's exact decimal strings with BigInt arithmetic (the rule of the server's
// MoneyFormat); the exact string is kept in each figure's title. Numbers parsed from the strings only size bars.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const COLOURS = 8;
  const REFRESH_MS = 30000;
  const MIN_VISIBLE_BUCKETS = 12;
  const THRESHOLDS = [50, 80, 100];
  const METER_SCALE = 120; // a meter spans 0-120 % so the 100 % mark and an overshoot both show
  const params = new URLSearchParams(window.location.search);
  const KEY_ITEM = 'switchboard-key';
  const credential = takeCredential();

  // With governance on, the API wants the admin key or a virtual key. The page is opened as /dashboard#key=...: a
  // fragment never reaches a server, a log or a Referer. The key is kept for this tab only and leaves the address bar.
  function takeCredential() {
    const given = new URLSearchParams(window.location.hash.slice(1)).get('key');
    let stored = null;
    try {
      if (given) {
        window.sessionStorage.setItem(KEY_ITEM, given);
      }
      stored = window.sessionStorage.getItem(KEY_ITEM);
    } catch (e) {
      stored = null; // storage off: the key lives as long as the page
    }
    if (given) {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    return given || stored;
  }

  // ---- formatting -------------------------------------------------------------------------------------------

  function parseDecimal(text) {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text));
    if (!match) {
      return null;
    }
    const fraction = match[3] || '';
    return { negative: match[1] === '-', units: BigInt(match[2] + fraction), scale: fraction.length };
  }

  // units at `scale` decimals rounded half up to `decimals` decimals (units are never negative here)
  function roundTo(units, scale, decimals) {
    if (decimals >= scale) {
      return units * 10n ** BigInt(decimals - scale);
    }
    const divisor = 10n ** BigInt(scale - decimals);
    let quotient = units / divisor;
    if ((units % divisor) * 2n >= divisor) {
      quotient += 1n;
    }
    return quotient;
  }

  function grouped(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  function plain(units, decimals, group) {
    const text = units.toString().padStart(decimals + 1, '0');
    const whole = text.slice(0, text.length - decimals);
    const fraction = text.slice(text.length - decimals);
    return (group ? grouped(whole) : whole) + (decimals > 0 ? '.' + fraction : '');
  }

  // $1,234.57 from a dollar up; two significant digits (at least two decimals) below; half up.
  function usd(text) {
    const value = parseDecimal(text);
    if (value === null) {
      return String(text);
    }
    const sign = value.negative && value.units !== 0n ? '-' : '';
    if (value.units === 0n) {
      return '$0.00';
    }
    const one = 10n ** BigInt(value.scale);
    if (value.units < one) {
      const digits = value.units.toString().length;
      const firstDigit = value.scale - digits + 1; // decimal place of the first significant digit
      const decimals = firstDigit + 1;
      const rounded = roundTo(value.units, value.scale, decimals);
      if (rounded < 10n ** BigInt(decimals)) {
        let shown = plain(rounded, decimals, false);
        while (shown.endsWith('0') && shown.length - shown.indexOf('.') - 1 > 2) {
          shown = shown.slice(0, -1);
        }
        if (shown.length - shown.indexOf('.') - 1 < 2) {
          shown = shown + '0';
        }
        return sign + '$' + shown;
      }
    }
    return sign + '$' + plain(roundTo(value.units, value.scale, 2), 2, true);
  }

  function count(value) {
    return grouped(String(value));
  }

  function millis(value) {
    if (value === null || value === undefined) {
      return '\u2014';
    }
    if (value < 1000) {
      return value + ' ms';
    }
    return (value / 1000).toFixed(value < 10000 ? 2 : 1) + ' s';
  }

  function percentText(value) {
    return value === null || value === undefined ? '\u2014' : value + ' %';
  }

  // ---- DOM helpers -------------------------------------------------------------------------------------------

  async function getJson(path) {
    const headers = credential ? { Authorization: 'Bearer ' + credential } : {};
    const response = await fetch(path, { cache: 'no-store', headers: headers });
    if (response.status === 401) {
      throw new Error('this dashboard needs a key: open it as /dashboard#key=<admin key or virtual key>');
    }
    if (!response.ok) {
      throw new Error(path + ' answered ' + response.status + ': ' + (await response.text()));
    }
    return response.json();
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function svgEl(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // A figure for people with the exact value on hover.
  function setMoney(node, exact) {
    node.textContent = usd(exact);
    node.setAttribute('title', exact + ' USD');
    node.setAttribute('data-exact', exact);
  }

  function setCount(node, value) {
    node.textContent = count(value);
    node.setAttribute('data-count', String(value));
  }

  function fillSelect(select, values, chosen, parameter) {
    values.forEach(value => {
      const option = el('option', { value: value }, value);
      option.selected = value === chosen;
      select.appendChild(option);
    });
    select.addEventListener('change', () => {
      params.set(parameter, select.value);
      window.location.search = params.toString();
    });
  }

  // ---- charts ------------------------------------------------------------------------------------------------

  const SIZE_MS = { s: 1000, m: 60000, h: 3600000, d: 86400000 };

  function sizeMillis(size) {
    const match = /^(\d+)(ms|s|m|h|d)$/.exec(size);
    return match[2] === 'ms' ? Number(match[1]) : Number(match[1]) * SIZE_MS[match[2]];
  }

  // The buckets every time chart shows: from a little before the first one with data to the last (now), so bars
  // sit at their real time without an hour of empty axis in front of a minute of traffic.
  function visibleRange(buckets, rows) {
    let first = buckets.length - 1;
    rows.forEach(row => row.forEach((value, i) => {
      if (Number(value) !== 0 && i < first) {
        first = i;
      }
    }));
    const start = Math.max(0, Math.min(first - 1, buckets.length - MIN_VISIBLE_BUCKETS));
    return { start: start, buckets: buckets.slice(start) };
  }

  function niceStep(span, ticks) {
    const raw = span / ticks;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const normal = raw / magnitude;
    const factor = normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 2.5 ? 2.5 : normal <= 5 ? 5 : 10;
    return factor * magnitude;
  }

  function stepDecimals(step) {
    let decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    while (decimals < 14 && Math.abs(Math.round(step * Math.pow(10, decimals)) - step * Math.pow(10, decimals)) > 1e-6) {
      decimals++;
    }
    return decimals;
  }

  function axisLabel(value, decimals, unit) {
    const text = value.toFixed(decimals);
    if (unit === 'usd') {
      return (value < 0 ? '-$' : '$') + text.replace('-', '');
    }
    return unit === '%' ? text + ' %' : text;
  }

  function timeLabel(millis, size) {
    const iso = new Date(millis).toISOString();
    return size.endsWith('d') ? iso.slice(5, 10) : iso.slice(11, 16);
  }

  // Stacked bars on a time axis, one stack per bucket at its start time; negative values hang below zero. The y axis
  // runs over nice steps that cover the data. series: [{name, values: [exact string or number], colour}];
  // options: {unit: 'usd'|'count'|'%', counts: [number per bucket] drawn above each stack, countLabel}
  function barChart(container, view, size, series, options) {
    const width = Math.max(container.clientWidth || 0, 320);
    const height = 180;
    const left = 64;
    const right = 10;
    const top = 16;
    const bottom = 24;
    const plotWidth = width - left - right;
    const plotHeight = height - top - bottom;
    const length = sizeMillis(size);
    const t0 = Date.parse(view.buckets[0]);
    const t1 = Date.parse(view.buckets[view.buckets.length - 1]) + length;
    const x = t => left + (t - t0) / (t1 - t0) * plotWidth;
    const slot = plotWidth * length / (t1 - t0);
    const barWidth = Math.max(slot * 0.8, 1);

    let max = 0;
    let min = 0;
    const stacks = view.buckets.map((_, j) => {
      const i = view.start + j;
      let up = 0;
      let down = 0;
      series.forEach(s => {
        const v = Number(s.values[i]);
        if (v >= 0) { up += v; } else { down += v; }
      });
      max = Math.max(max, up);
      min = Math.min(min, down);
      return up;
    });
    const empty = max === 0 && min === 0;
    const step = empty ? 1 : niceStep(max - min, 4);
    const axisMax = empty ? 1 : Math.ceil(max / step - 1e-9) * step;
    const axisMin = min < 0 ? Math.floor(min / step + 1e-9) * step : 0;
    const y = v => top + (axisMax - v) / (axisMax - axisMin) * plotHeight;
    const svg = svgEl('svg', {
      viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'data-axis-max': axisMax, 'data-axis-min': axisMin,
      'data-data-max': max, 'data-first-bucket': view.buckets[0]
    });

    const decimals = stepDecimals(step);
    for (let tick = axisMin; tick <= axisMax + step / 2; tick += step) {
      const at = y(tick);
      svg.appendChild(svgEl('line', { class: Math.abs(tick) < step / 2 ? 'axis' : 'grid', x1: left, x2: width - right, y1: at, y2: at }));
      svg.appendChild(svgEl('text', { x: left - 6, y: at + 4, 'text-anchor': 'end' }, axisLabel(tick, decimals, options.unit)));
    }

    view.buckets.forEach((bucket, j) => {
      const i = view.start + j;
      const start = Date.parse(bucket);
      const bar = x(start) + (slot - barWidth) / 2;
      let up = 0;
      let down = 0;
      series.forEach((s, k) => {
        const v = Number(s.values[i]);
        if (!v) {
          return;
        }
        const from = v >= 0 ? up : down;
        const to = from + v;
        if (v >= 0) { up = to; } else { down = to; }
        const exact = String(s.values[i]);
        const rect = svgEl('rect', {
          class: 'c' + (s.colour !== undefined ? s.colour : k) % COLOURS, 'data-series': s.name, 'data-bucket': bucket,
          'data-value': exact, x: bar, width: barWidth, y: Math.min(y(from), y(to)), height: Math.max(Math.abs(y(from) - y(to)), 0.5)
        });
        rect.appendChild(svgEl('title', {}, s.name + ', ' + bucket + ': '
          + (options.unit === 'usd' ? usd(exact) + ' (' + exact + ' USD)' : options.unit === '%' ? Number(exact).toFixed(1) + ' %' : exact)));
        svg.appendChild(rect);
      });
    });

    if (options.counts) {
      const biggest = Math.max(...view.buckets.map((_, j) => options.counts[view.start + j]));
      view.buckets.forEach((bucket, j) => {
        const n = options.counts[view.start + j];
        if (n > 0 && (slot >= 16 || n === biggest)) {
          svg.appendChild(svgEl('text', {
            class: 'count', x: x(Date.parse(bucket)) + slot / 2, y: y(stacks[j]) - 3, 'text-anchor': 'middle',
            'data-bucket': bucket, 'data-count': n
          }, count(n)));
        }
      });
    }

    const labels = Math.min(view.buckets.length, Math.max(2, Math.floor(plotWidth / 70)));
    const every = Math.ceil(view.buckets.length / labels);
    for (let j = 0; j <= view.buckets.length; j += every) {
      const t = t0 + j * length;
      svg.appendChild(svgEl('line', { class: 'axis', x1: x(t), x2: x(t), y1: y(axisMin), y2: y(axisMin) + 4 }));
      const anchor = j === 0 ? 'start' : j >= view.buckets.length ? 'end' : 'middle';
      svg.appendChild(svgEl('text', { x: x(t), y: height - 6, 'text-anchor': anchor }, timeLabel(t, size)));
    }
    container.replaceChildren(svg);
  }

  function legend(list, items, unit) {
    list.replaceChildren(...items.map((item, k) => {
      const li = el('li', { 'data-series': item.name, 'data-total': item.total });
      li.appendChild(el('span', { class: 'swatch c' + (item.colour !== undefined ? item.colour : k) % COLOURS }));
      li.appendChild(el('span', { class: 'name' }, item.name));
      const total = el('span', { class: 'total' });
      if (unit === 'count') {
        setCount(total, item.total);
      } else {
        setMoney(total, item.total);
      }
      li.appendChild(total);
      return li;
    }));
  }

  function callsPerBucket(answer) {
    return answer.buckets.map((_, i) => answer.series.reduce((sum, s) => sum + s.calls[i], 0));
  }

  // Cost per bucket of each series of a /series answer, provider calls above the bars, with its legend.
  function costChart(name, answer, view) {
    const series = answer.series.map(s => ({ name: s.name, values: s.cost }));
    barChart(byId('chart-' + name), view, answer.size, series, { unit: 'usd', counts: callsPerBucket(answer) });
    legend(byId('legend-' + name), answer.series.map(s => ({ name: s.name, total: s.total.cost })));
  }

  const STATUSES = [
    { name: 'OK', field: 'ok', colour: 2 },
    { name: 'REJECTED', field: 'rejected', colour: 1 },
    { name: 'FAILED', field: 'failed', colour: 3 },
    { name: 'EXPIRED', field: 'expired', colour: 7 }
  ];

  function requestsChart(answers, view) {
    barChart(byId('chart-requests'), view, answers.size,
      STATUSES.map(s => ({ name: s.name, values: answers[s.field], colour: s.colour })),
      { unit: 'count', counts: answers.answers });
    legend(byId('legend-requests'), STATUSES.map(s => ({ name: s.name, total: answers.total[s.field], colour: s.colour })), 'count');
  }

  function codeTable(answers) {
    const body = byId('codes').querySelector('tbody');
    const codes = Object.entries(answers.total.by_code).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (codes.length === 0) {
      body.replaceChildren(el('tr', { class: 'empty-row' }, undefined));
      body.firstChild.appendChild(el('td', { colspan: '3' }, 'Every request answered OK.'));
      return;
    }
    body.replaceChildren(...codes.map(([key, n]) => {
      const [status, code] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      const row = el('tr', { 'data-code': key, 'data-count': String(n) });
      row.appendChild(el('td', {}, status));
      row.appendChild(el('td', {}, code));
      row.appendChild(el('td', { class: 'num' }, count(n)));
      return row;
    }));
  }

  function latencyTable(answers) {
    const body = byId('latency').querySelector('tbody');
    if (answers.latency.length === 0) {
      body.replaceChildren(el('tr', { class: 'empty-row' }));
      body.firstChild.appendChild(el('td', { colspan: '7' }, 'No answers in view.'));
      return;
    }
    const longest = Math.max(1, ...answers.latency.map(t => t.total_ms.p99 === null ? 0 : t.total_ms.p99));
    body.replaceChildren(...answers.latency.map(t => {
      const row = el('tr', { 'data-tier': t.tier });
      row.appendChild(el('td', {}, t.tier));
      row.appendChild(el('td', { class: 'num', 'data-count': String(t.total_ms.count) }, count(t.total_ms.count)));
      [['queue-p50', t.queue_ms.p50], ['queue-p99', t.queue_ms.p99], ['total-p50', t.total_ms.p50], ['total-p99', t.total_ms.p99]]
        .forEach(([name, value]) => row.appendChild(el('td', { class: 'num ' + name, 'data-ms': value === null ? '' : String(value) }, millis(value))));
      const cell = el('td', { class: 'bar-cell' });
      const bar = el('span', { class: 'latency-bar', title: 'p50 ' + millis(t.total_ms.p50) + ', p99 ' + millis(t.total_ms.p99) });
      const p99 = el('span', { class: 'p99' });
      p99.style.width = (100 * (t.total_ms.p99 || 0) / longest) + '%';
      const p50 = el('span', { class: 'p50' });
      p50.style.width = (100 * (t.total_ms.p50 || 0) / longest) + '%';
      bar.appendChild(p99);
      bar.appendChild(p50);
      cell.appendChild(bar);
      row.appendChild(cell);
      return row;
    }));
  }

  const SAVINGS = [
    { name: 'routing', field: 'routing_saved', total: 'routing_saved', colour: 0 },
    { name: 'against the baseline', field: 'baseline_saved', total: 'baseline_saved', colour: 4 },
    { name: 'cache', field: 'cost_saved', total: 'cache_saved', colour: 2 },
    { name: 'batch discount', field: 'batch_saved', total: 'batch_saved', colour: 1 }
  ];

  function savings(own, summary, view) {
    const mine = own.series[0];
    const zeros = own.buckets.map(() => '0');
    barChart(byId('chart-savings'), view, own.size,
      SAVINGS.map(s => ({ name: s.name, values: mine ? mine[s.field] : zeros, colour: s.colour })), { unit: 'usd' });
    legend(byId('legend-savings'), SAVINGS.map(s => ({ name: s.name, total: summary[s.total], colour: s.colour })));
    setMoney(byId('routing-saved'), summary.routing_saved);
    setMoney(byId('baseline-saved'), summary.baseline_saved);
    setMoney(byId('cache-saved'), summary.cache_saved);
    setMoney(byId('batch-saved'), summary.batch_saved);
  }

  function cacheChart(own, view) {
    const mine = own.series[0];
    const rates = own.buckets.map((_, i) => {
      const hits = mine ? mine.cache_hits[i] : 0;
      const all = hits + (mine ? mine.calls[i] : 0);
      return all === 0 ? 0 : 100 * hits / all;
    });
    barChart(byId('chart-cache'), view, own.size, [{ name: 'cache hit rate', values: rates, colour: 4 }], { unit: '%' });
  }

  function tiles(summary, answers) {
    setMoney(byId('total-cost'), summary.cost);
    setMoney(byId('baseline-cost'), summary.baseline_cost);
    setMoney(byId('saved'), summary.saved);
    setCount(byId('total-calls'), summary.calls);
    setCount(byId('cache-hits'), summary.cache_hits);
    byId('cache-hit-rate').textContent = percentText(summary.cache_hit_percent);
    const total = answers.total;
    setCount(byId('requests'), total.answers);
    setCount(byId('requests-ok'), total.ok);
    setCount(byId('requests-cached'), total.cache_answers);
    setCount(byId('not-ok'), total.rejected + total.failed + total.expired);
    setCount(byId('requests-rejected'), total.rejected);
    setCount(byId('requests-failed'), total.failed);
    setCount(byId('requests-expired'), total.expired);
    byId('range').textContent = summary.from.replace('T', ' ').slice(0, 16) + ' to ' + summary.to.replace('T', ' ').slice(0, 16) + ' UTC';
  }

  function rate(value) {
    return value === null ? 'none yet' : (100 * value).toFixed(1) + '%';
  }

  function cacheBound(bound) {
    const panel = byId('cache-bound');
    if (!bound.bound) {
      byId('bound-error-rate').textContent = 'no bound set';
      panel.classList.add('empty');
      return;
    }
    panel.classList.remove('empty');
    byId('bound-error-rate').textContent = rate(bound.verified_false_hit_rate);
    setCount(byId('bound-false-hits'), bound.false_hits);
    setCount(byId('bound-verifications'), bound.verifications);
    byId('bound-target').textContent = rate(bound.target_false_hit_rate);
    byId('bound-cut').textContent = bound.cut.toFixed(2);
    setCount(byId('bound-served'), bound.served);
    setCount(byId('bound-lookups'), bound.lookups);
    byId('bound-fraction').textContent = rate(bound.verify_fraction);
  }

  function meter(percent) {
    const cell = el('td', { class: 'used bar-cell' });
    if (percent !== null) {
      const value = Number(percent);
      const bar = el('span', { class: 'meter', title: percent + ' % used; alerts at 50, 80 and 100 %' });
      const fill = el('span', { class: 'fill' + (value >= 100 ? ' over' : value >= 80 ? ' warn' : '') });
      fill.style.width = (100 * Math.min(value, METER_SCALE) / METER_SCALE) + '%';
      bar.appendChild(fill);
      THRESHOLDS.forEach(threshold => {
        const mark = el('span', { class: 'threshold' + (threshold === 100 ? ' limit' : ''), 'data-threshold': String(threshold) });
        mark.style.left = (100 * threshold / METER_SCALE) + '%';
        bar.appendChild(mark);
      });
      cell.appendChild(bar);
    }
    cell.appendChild(el('span', { class: 'percent' }, percentText(percent)));
    return cell;
  }

  function moneyCell(exact, name) {
    const cell = el('td', { class: 'num ' + name });
    if (exact === null) {
      cell.textContent = '\u2014';
    } else {
      setMoney(cell, exact);
    }
    return cell;
  }

  function budgetTable(budgets) {
    const body = byId('budgets').querySelector('tbody');
    if (budgets.length === 0) {
      const row = el('tr', { class: 'empty-row' });
      row.appendChild(el('td', { colspan: '8' }, 'No budgets in this tenant\u2019s policy.'));
      body.replaceChildren(row);
      return;
    }
    body.replaceChildren(...budgets.map(b => {
      const row = el('tr', {
        'data-scope': b.scope, 'data-scope-id': b.scope_id === null ? '' : b.scope_id, 'data-period': b.period,
        'data-hard-percent': b.hard_percent === null ? '' : b.hard_percent,
        'data-soft-percent': b.soft_percent === null ? '' : b.soft_percent
      });
      const each = b.budget_scope_id === null && b.scope !== 'TENANT';
      const target = b.scope_id === null ? 'each ' + b.scope.toLowerCase() + ' (none spent yet)'
        : (each ? 'each ' + b.scope.toLowerCase() + ': ' : '') + b.scope_id;
      row.appendChild(el('td', {}, b.scope));
      row.appendChild(el('td', {}, target));
      row.appendChild(el('td', {}, b.period + ' from ' + b.period_start.slice(0, 10)));
      row.appendChild(moneyCell(b.spent, 'spent'));
      row.appendChild(moneyCell(b.hard_limit, 'hard-limit'));
      row.appendChild(meter(b.hard_percent));
      row.appendChild(moneyCell(b.soft_limit, 'soft-limit'));
      row.appendChild(meter(b.soft_percent));
      return row;
    }));
  }

  // ---- loading -----------------------------------------------------------------------------------------------

  async function load(tenant, size) {
    const base = '/api/tenants/' + encodeURIComponent(tenant) + '/';
    const all = await getJson('/api/series?size=' + encodeURIComponent(size));
    // Every other answer on the same row of buckets, even if a bucket boundary passes between the requests.
    const query = 'size=' + encodeURIComponent(size) + '&to=' + encodeURIComponent(all.buckets[all.buckets.length - 1]);
    const [summary, own, models, features, teams, answers, budgets, bound] = await Promise.all([
      getJson(base + 'summary?' + query),
      getJson(base + 'series?by=tenant&' + query),
      getJson(base + 'series?by=model&' + query),
      getJson(base + 'series?by=feature&' + query),
      getJson(base + 'series?by=team&' + query),
      getJson(base + 'answers?' + query),
      getJson(base + 'budgets'),
      getJson(base + 'cache-bound')
    ]);
    // One time range for every chart: from the first bucket with anything in it, on any of them.
    const rows = [answers.answers].concat(all.series.map(s => s.cost), all.series.map(s => s.calls),
      own.series.map(s => s.cache_hits));
    const view = visibleRange(all.buckets, rows);
    tiles(summary, answers);
    costChart('tenants', all, view);
    requestsChart(answers, view);
    codeTable(answers);
    latencyTable(answers);
    costChart('models', models, view);
    costChart('features', features, view);
    costChart('teams', teams, view);
    cacheChart(own, view);
    savings(own, summary, view);
    budgetTable(budgets);
    cacheBound(bound);
    byId('updated').textContent = 'updated ' + new Date().toISOString().slice(11, 19) + ' UTC, every ' + REFRESH_MS / 1000 + ' s';
  }

  async function main() {
    const [sizes, tenants] = await Promise.all([getJson('/api/sizes'), getJson('/api/tenants')]);
    const size = params.get('size') || (sizes.includes('1m') ? '1m' : sizes[0]);
    const tenant = params.get('tenant') || tenants[0];
    fillSelect(byId('size-select'), sizes, size, 'size');
    fillSelect(byId('tenant-select'), tenant && !tenants.includes(tenant) ? [tenant].concat(tenants) : tenants,
      tenant, 'tenant');
    if (!tenant) {
      byId('content').hidden = true;
      byId('empty').hidden = false;
      return;
    }
    document.body.setAttribute('data-tenant', tenant);
    await load(tenant, size);
    setInterval(() => load(tenant, size).then(
      () => { byId('error').hidden = true; },
      error => showError(error)), REFRESH_MS);
  }

  function showError(error) {
    const box = byId('error');
    box.textContent = 'Could not load the dashboard: ' + error.message;
    box.hidden = false;
  }

  main().then(
    () => document.body.setAttribute('data-state', 'ready'),
    error => {
      document.body.setAttribute('data-state', 'error');
      showError(error);
    });
})();
