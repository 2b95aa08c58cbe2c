package dev.switchboard.cost;

import dev.switchboard.schemas.WindowedCost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of one tenant, model, team or feature laid out on {@link Buckets}, a window of zeros where nothing
 * happened, and their exact total.
 *
 * @param name    the tenant, model, team or feature
 * @param total   the sum of every bucket
 * @param buckets one window per bucket, in bucket order
 */
record CostSeries(String name, WindowedCost total, List<WindowedCost> buckets) {

    /** One series per name found in {@code windows}, most expensive first, then by name. */
    static List<CostSeries> of(List<WindowedCost> windows, CostDimension by, Buckets buckets) {
        Map<String, List<WindowedCost>> byName = new LinkedHashMap<>();
        for (WindowedCost window : windows) {
            int index = buckets.indexOf(window.getWindowStart());
            if (index < 0) {
                continue;
            }
            List<WindowedCost> row = byName.computeIfAbsent(by.valueOf(window), name -> empty(window, buckets));
            row.set(index, CostSum.merge(row.get(index), window));
        }
        List<CostSeries> series = new ArrayList<>();
        byName.forEach((name, row) -> series.add(new CostSeries(name, sum(row), List.copyOf(row))));
        series.sort(Comparator.comparing((CostSeries s) -> s.total().getCost()).reversed().thenComparing(CostSeries::name));
        return series;
    }

    /** The sum of windows, with the bounds of {@code buckets}: a tenant's summary. */
    static WindowedCost total(String tenant, List<WindowedCost> windows, Buckets buckets) {
        WindowedCost sum = CostSum.withBounds(
                WindowedCost.newBuilder(CostSum.empty(buckets.size())).setTenant(tenant).build(), buckets.first(), buckets.end());
        for (WindowedCost window : windows) {
            if (buckets.indexOf(window.getWindowStart()) >= 0) {
                sum = CostSum.merge(sum, window);
            }
        }
        return sum;
    }

    private static List<WindowedCost> empty(WindowedCost like, Buckets buckets) {
        WindowedCost zero = WindowedCost.newBuilder(CostSum.empty(buckets.size()))
                .setTenant(like.getTenant()).setModel(like.getModel()).setTeam(like.getTeam()).setFeature(like.getFeature())
                .build();
        List<WindowedCost> row = new ArrayList<>(buckets.starts().size());
        for (Instant start : buckets.starts()) {
            row.add(CostSum.withBounds(zero, start, start.plus(buckets.length())));
        }
        return row;
    }

    private static WindowedCost sum(List<WindowedCost> row) {
        WindowedCost total = CostSum.withBounds(row.get(0), row.get(0).getWindowStart(), row.get(row.size() - 1).getWindowEnd());
        for (int i = 1; i < row.size(); i++) {
            total = CostSum.merge(total, row.get(i));
        }
        return total;
    }
}
