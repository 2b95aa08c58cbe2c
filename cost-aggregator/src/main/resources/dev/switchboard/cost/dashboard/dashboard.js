// Switchboard cost dashboard: reads the query API of the server that serves it and draws its charts as inline
// SVG. Figures shown as text are the server's exact decimal strings; numbers parsed from them only size the bars.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const COLOURS = 8;
  const params = new URLSearchParams(window.location.search);

  async function getJson(path) {
    const response = await fetch(path, { cache: 'no-store' });
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

  function svgEl(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
    return node;
  }

  function percentText(value) {
    return value === null || value === undefined ? '\u2014' : value + ' %';
  }

  // Axis labels only: a compact rendering of a float, never used for a figure shown as a value.
  function axisNumber(value) {
    if (value === 0) {
      return '0';
    }
    return Math.abs(value) >= 1 ? value.toFixed(2) : Number(value.toPrecision(2)).toString();
  }

  function bucketLabel(iso, size) {
    return size.endsWith('d') ? iso.slice(5, 10) : iso.slice(11, 16);
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

  // Stacked bars, one stack per bucket; negative values (routing that cost more than the baseline) hang below zero.
  // series: [{name, values: [number], labels: [exact string]}]
  function barChart(container, buckets, size, series, options) {
    // Drawn at the container's own width so labels keep their size in wide panels.
    const width = Math.max(container.clientWidth || 0, 640);
    const height = 200;
    const left = 58;
    const bottom = 22;
    const top = 8;
    const plotWidth = width - left - 8;
    const plotHeight = height - top - bottom;
    let max = options && options.max !== undefined ? options.max : 0;
    let min = 0;
    buckets.forEach((_, i) => {
      let up = 0;
      let down = 0;
      series.forEach(s => {
        const v = s.values[i];
        if (v >= 0) { up += v; } else { down += v; }
      });
      max = Math.max(max, up);
      min = Math.min(min, down);
    });
    if (max === 0 && min === 0) {
      max = 1;
    }
    const y = v => top + (max - v) / (max - min) * plotHeight;
    const svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    svg.appendChild(svgEl('line', { class: 'grid', x1: left, x2: width - 8, y1: y(max), y2: y(max) }));
    svg.appendChild(svgEl('line', { class: 'axis', x1: left, x2: width - 8, y1: y(0), y2: y(0) }));
    [[max, y(max) + 4], [0, y(0) + 4]].concat(min < 0 ? [[min, y(min)]] : []).forEach(([v, at]) => {
      const label = svgEl('text', { x: left - 6, y: at, 'text-anchor': 'end' });
      label.textContent = options && options.unit === '%' ? v + ' %' : axisNumber(v);
      svg.appendChild(label);
    });
    const step = plotWidth / Math.max(buckets.length, 1);
    const barWidth = Math.max(step * 0.8, 1);
    buckets.forEach((bucket, i) => {
      let up = 0;
      let down = 0;
      series.forEach((s, k) => {
        const v = s.values[i];
        if (!v) {
          return;
        }
        const from = v >= 0 ? up : down;
        const to = from + v;
        if (v >= 0) { up = to; } else { down = to; }
        const rect = svgEl('rect', {
          class: 'c' + (s.colour !== undefined ? s.colour : k) % COLOURS,
          x: left + i * step + (step - barWidth) / 2, width: barWidth,
          y: Math.min(y(from), y(to)), height: Math.max(Math.abs(y(from) - y(to)), 0.5)
        });
        const title = svgEl('title');
        title.textContent = s.name + ', ' + bucket + ': ' + s.labels[i];
        rect.appendChild(title);
        svg.appendChild(rect);
      });
    });
    const ticks = buckets.length > 2 ? [0, Math.floor((buckets.length - 1) / 2), buckets.length - 1] : buckets.map((_, i) => i);
    ticks.forEach(i => {
      const label = svgEl('text', { x: left + i * step + step / 2, y: height - 6, 'text-anchor': 'middle' });
      label.textContent = bucketLabel(buckets[i], size);
      svg.appendChild(label);
    });
    container.replaceChildren(svg);
  }

  function legend(list, items) {
    list.replaceChildren(...items.map((item, k) => {
      const li = el('li', { 'data-series': item.name, 'data-total': item.total });
      li.appendChild(el('span', { class: 'swatch c' + (item.colour !== undefined ? item.colour : k) % COLOURS }));
      li.appendChild(el('span', { class: 'name' }, item.name));
      li.appendChild(el('span', { class: 'total' }, item.total + (item.unit || ' USD')));
      return li;
    }));
  }

  // Cost per bucket of each series of a /series answer, with its legend.
  function costChart(name, answer) {
    const series = answer.series.map(s => ({ name: s.name, values: s.cost.map(Number), labels: s.cost }));
    barChart(byId('chart-' + name), answer.buckets, answer.size, series);
    legend(byId('legend-' + name), answer.series.map(s => ({ name: s.name, total: s.total.cost })));
  }

  function savingsChart(answer, summary) {
    const own = answer.series[0];
    const zeros = answer.buckets.map(() => '0');
    const routing = own ? own.routing_saved : zeros;
    const cache = own ? own.cost_saved : zeros;
    barChart(byId('chart-savings'), answer.buckets, answer.size, [
      { name: 'routing', values: routing.map(Number), labels: routing, colour: 0 },
      { name: 'cache', values: cache.map(Number), labels: cache, colour: 2 }
    ]);
    legend(byId('legend-savings'), [
      { name: 'routing', total: summary.routing_saved, colour: 0 },
      { name: 'cache', total: summary.cache_saved, colour: 2 }
    ]);
  }

  function cacheChart(answer) {
    const own = answer.series[0];
    const rates = answer.buckets.map((_, i) => {
      const hits = own ? own.cache_hits[i] : 0;
      const all = hits + (own ? own.calls[i] : 0);
      return all === 0 ? 0 : 100 * hits / all;
    });
    barChart(byId('chart-cache'), answer.buckets, answer.size,
      [{ name: 'cache hit rate', values: rates, labels: rates.map(r => r.toFixed(1) + ' %'), colour: 4 }],
      { max: 100, unit: '%' });
  }

  function summaryTiles(summary) {
    byId('total-cost').textContent = summary.cost;
    byId('total-calls').textContent = summary.calls;
    byId('baseline-cost').textContent = summary.baseline_cost;
    byId('routing-saved').textContent = summary.routing_saved;
    byId('cache-saved').textContent = summary.cache_saved;
    byId('cache-hits').textContent = summary.cache_hits;
    byId('cache-hit-rate').textContent = percentText(summary.cache_hit_percent);
    byId('range').textContent = summary.from + ' to ' + summary.to + ' (UTC)';
  }

  function meter(percent) {
    const cell = el('td', { class: 'used' });
    if (percent !== null) {
      const value = Number(percent);
      const bar = el('span', { class: 'meter' });
      const fill = el('span', { class: 'fill' + (value >= 100 ? ' over' : value >= 80 ? ' warn' : '') });
      fill.style.width = Math.min(value, 100) + '%';
      bar.appendChild(fill);
      cell.appendChild(bar);
    }
    cell.appendChild(el('span', { class: 'percent' }, percentText(percent)));
    return cell;
  }

  function budgetTable(budgets) {
    const body = byId('budgets').querySelector('tbody');
    if (budgets.length === 0) {
      const row = el('tr');
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
      row.appendChild(el('td', { class: 'spent' }, b.spent));
      row.appendChild(el('td', { class: 'hard-limit' }, b.hard_limit === null ? '\u2014' : b.hard_limit));
      row.appendChild(meter(b.hard_percent));
      row.appendChild(el('td', { class: 'soft-limit' }, b.soft_limit === null ? '\u2014' : b.soft_limit));
      row.appendChild(meter(b.soft_percent));
      return row;
    }));
  }

  async function main() {
    const [sizes, tenants] = await Promise.all([getJson('/api/sizes'), getJson('/api/tenants')]);
    const size = params.get('size') || (sizes.includes('1h') ? '1h' : sizes[0]);
    const tenant = params.get('tenant') || tenants[0];
    fillSelect(byId('size-select'), sizes, size, 'size');
    fillSelect(byId('tenant-select'), tenant && !tenants.includes(tenant) ? [tenant].concat(tenants) : tenants,
      tenant, 'tenant');
    if (!tenant) {
      byId('content').hidden = true;
      byId('empty').hidden = false;
      return;
    }
    const base = '/api/tenants/' + encodeURIComponent(tenant) + '/';
    const query = 'size=' + encodeURIComponent(size);
    const [all, summary, own, models, features, teams, budgets] = await Promise.all([
      getJson('/api/series?' + query),
      getJson(base + 'summary?' + query),
      getJson(base + 'series?by=tenant&' + query),
      getJson(base + 'series?by=model&' + query),
      getJson(base + 'series?by=feature&' + query),
      getJson(base + 'series?by=team&' + query),
      getJson(base + 'budgets')
    ]);
    document.body.setAttribute('data-tenant', tenant);
    summaryTiles(summary);
    costChart('tenants', all);
    costChart('models', models);
    costChart('features', features);
    costChart('teams', teams);
    savingsChart(own, summary);
    cacheChart(own);
    budgetTable(budgets);
  }

  main().then(
    () => document.body.setAttribute('data-state', 'ready'),
    error => {
      document.body.setAttribute('data-state', 'error');
      const box = byId('error');
      box.textContent = 'Could not load the dashboard: ' + error.message;
      box.hidden = false;
    });
})();
