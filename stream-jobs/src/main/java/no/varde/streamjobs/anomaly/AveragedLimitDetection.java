package no.varde.streamjobs.anomaly;

import no.varde.model.Domain;
import no.varde.model.MetricCatalogue;
import no.varde.model.anomaly.Anomaly;
import no.varde.streamjobs.detect.AveragedLimits;
import no.varde.streamjobs.detect.LimitRule;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.streamjobs.detect.Series;
import no.varde.streamjobs.rollup.Rollup;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Limit rules on hourly, 8-hour and daily means, from the job's 1-hour rollups (the averaging is
 * done by the rollup windows). Series without such rules keep no state. A late rollup for an
 * hour already judged is ignored: the regulation's averages are judged once.
 */
public final class AveragedLimitDetection extends KeyedProcessFunction<String, Rollup, Anomaly> {
    private final ZoneDirectory zones;
    private final LimitRules rules;
    private transient MetricCatalogue catalogue;
    private transient ValueState<AveragedLimits> limits;
    private transient ValueState<Long> judged;

    public AveragedLimitDetection(ZoneDirectory zones, LimitRules rules) {
        this.zones = zones;
        this.rules = rules;
    }

    @Override
    public void open(OpenContext context) {
        catalogue = MetricCatalogue.standard();
        limits = getRuntimeContext().getState(new ValueStateDescriptor<>("averaged-limits", TypeInformation.of(AveragedLimits.class)));
        judged = getRuntimeContext().getState(new ValueStateDescriptor<>("judged-hour", Long.class));
    }

    @Override
    public void processElement(Rollup hour, Context context, Collector<Anomaly> out) throws Exception {
        long start = hour.bucket().toEpochMilli();
        Long last = judged.value();
        if (last != null && start <= last) {
            return;
        }
        String zone = zones.zoneOf(hour.deviceId());
        java.util.List<LimitRule> applicable = rules.onAverages(hour.metric(), zone);
        if (applicable.isEmpty()) {
            return;
        }
        AveragedLimits l = limits.value();
        if (l == null) {
            l = new AveragedLimits(applicable);
        }
        Domain domain = catalogue.find(hour.metric()).map(m -> m.domain()).orElse(Domain.AIR);
        String unit = catalogue.find(hour.metric()).map(m -> m.unit()).orElse("");
        l.acceptHour(new Series(hour.deviceId(), hour.metric(), unit, domain, zone), start, hour.sum(), hour.count(), out::collect);
        limits.update(l);
        judged.update(start);
    }
}
