package no.varde.streamjobs.detect;

import java.io.Serializable;

/**
 * Learns one series' normal behaviour online and scores every reading in [0, 1]: how unusual
 * the recent readings are for this series at this time of day and week. State is a fixed set
 * of numbers per series (O(1)); a score depends only on the readings up to and including it.
 *
 * <p>Three forecasts compete: the level alone, the level plus a daily profile (48 half-hours),
 * and the level plus a weekly profile (168 hours). Each keeps an exponentially weighted error,
 * and the one that has predicted this series best so far is used, so a series without a rhythm
 * (a pressure logger on a gravity main) is not given one and a series with one (night flow,
 * traffic) is judged against the same half-hour on other days.
 *
 * <p>A reading's surprise is its forecast error in units of the usual error. Surprise alone
 * flags single spikes but misses slow changes in behaviour (noisier, flatter, more frequent
 * spikes), so the score follows the idea of Numenta's anomaly likelihood: how improbable the
 * mean surprise of the last few readings is against the long-run distribution of surprise.
 * The score is the larger of the two, mapped so that "one in a thousand" is 0.5 and "one in a
 * million" is about 0.9.
 */
public final class AdaptiveDetector implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int DAY_SLOTS = 48;
    static final int WEEK_SLOTS = 7 * 24;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long WEEK_MILLIS = 7 * DAY_MILLIS;
    /** 1970-01-01 was a Thursday; shift so that weekly slot 0 starts on Monday 00:00. */
    private static final long MONDAY_SHIFT_MILLIS = 3 * DAY_MILLIS;

    private final DetectorSettings settings;
    /** Per-reading weights of the error averages, from their half-lives (computed once: pow is not free). */
    private final double errorAlpha;
    private final double squaredErrorAlpha;

    private long count;
    private double level;
    private final double[] daily = new double[DAY_SLOTS];
    private final int[] dailySeen = new int[DAY_SLOTS];
    private final double[] weekly = new double[WEEK_SLOTS];
    private final int[] weeklySeen = new int[WEEK_SLOTS];
    /** Exponentially weighted squared error of the flat, daily and weekly forecasts. */
    private double flatError = Double.NaN;
    private double dailyError = Double.NaN;
    private double weeklyError = Double.NaN;
    /** Usual absolute forecast error of the chosen forecast, the yardstick for surprise. */
    private double errorScale = Double.NaN;
    /** Running mean and variance of surprise, and the short window of recent surprise. */
    private double surpriseMean;
    private double surpriseVar;
    private final DecayingHistogram pointSurprise;
    private final DecayingHistogram windowSurprise;
    private final double[] recent;
    private int recentAt;
    private double recentSum;

    private double lastRarity;
    private final Visit dayVisit = new Visit();
    private final Visit weekVisit = new Visit();
    private double lastExpected = Double.NaN;
    private double lastSpread = Double.NaN;

    public AdaptiveDetector(DetectorSettings settings) {
        this.settings = settings;
        this.errorAlpha = 1 - Math.pow(0.5, 1.0 / settings.errorHalfLife());
        this.squaredErrorAlpha = 1 - Math.pow(0.5, 1.0 / (4 * settings.errorHalfLife()));
        this.recent = new double[settings.shortWindow()];
        this.pointSurprise = new DecayingHistogram(settings.surpriseMemory());
        this.windowSurprise = new DecayingHistogram(settings.surpriseMemory());
    }

    /** The score of {@code value} observed at {@code epochMillis}, then learns from it. */
    public double score(long epochMillis, double value) {
        int d = daySlot(epochMillis);
        int w = weekSlot(epochMillis);
        double flatForecast = level;
        double dailyForecast = level + daily[d];
        double weeklyForecast = level + weekly[w];
        double forecast = chooseForecast(flatForecast, dailyForecast, weeklyForecast, d, w);
        double score = 0;
        if (count > 0) {
            double error = value - forecast;
            double scale = Double.isNaN(errorScale) || errorScale <= 0 ? Math.abs(error) + 1e-9 : errorScale;
            double surprise = Math.min(Math.abs(error) / (scale + settings.scaleFloor() * (Math.abs(level) + 1e-9)), 50);
            score = count >= settings.warmup() ? scoreOf(surprise) : 0;
            learnSurprise(surprise);
            errorScale = Double.isNaN(errorScale) ? Math.abs(error) : ewma(errorScale, Math.abs(error), errorAlpha);
            flatError = ewmaSq(flatError, value - flatForecast);
            dailyError = ewmaSq(dailyError, value - dailyForecast);
            weeklyError = ewmaSq(weeklyError, value - weeklyForecast);
            lastExpected = forecast;
            lastSpread = scale;
        }
        // Learn from the reading, but an outlier only as far as a few usual errors from the forecast:
        // one absurd value must not drag the level and its half-hour slot after it (robust Holt-Winters).
        double learnt = value;
        if (count >= settings.warmup() && !Double.isNaN(lastSpread)) {
            double limit = settings.learningClip() * lastSpread;
            learnt = Math.max(forecast - limit, Math.min(forecast + limit, value));
        }
        learnLevel(learnt, d, w);
        count++;
        return score;
    }

    /** The forecast made for the reading last scored (NaN before the second reading). */
    public double lastExpected() {
        return lastExpected;
    }

    /** The last reading's surprise as a multiple of this series' own usual extreme (its surprise quantile). */
    public double lastRarity() {
        return lastRarity;
    }

    /** The usual absolute forecast error at the reading last scored. */
    public double lastSpread() {
        return lastSpread;
    }

    public long count() {
        return count;
    }

    /** Readings learnt before scores are given. */
    public int settingsWarmup() {
        return settings.warmup();
    }

    private double chooseForecast(double flat, double day, double week, int d, int w) {
        double best = flat;
        double bestError = Double.isNaN(flatError) ? Double.MAX_VALUE : flatError;
        if (dailySeen[d] >= 2 && !Double.isNaN(dailyError) && dailyError < bestError * settings.rhythmAdvantage()) {
            best = day;
            bestError = dailyError;
        }
        if (weeklySeen[w] >= 2 && !Double.isNaN(weeklyError) && weeklyError < bestError * settings.rhythmAdvantage()) {
            best = week;
        }
        return best;
    }

    private double scoreOf(double surprise) {
        int n = (int) Math.min(count - 1, recent.length);
        double shortMean = n == 0 ? surprise : (recentSum + surprise - (n == recent.length ? recent[recentAt] : 0)) / n;
        // How far beyond this series' own usual extremes: its q-quantile counts as 2.58 sigma.
        double pointZ = surprise / Math.max(pointSurprise.quantile(settings.quantile()), 1e-9) * 2.576;
        lastRarity = pointZ / 2.576;
        double windowZ = shortMean / Math.max(windowSurprise.quantile(settings.quantile()), 1e-9) * 2.576;
        double tail = Math.min(2 * normalTail(pointZ / settings.pointScale()), 2 * normalTail(windowZ / settings.windowSpreadFactor()));
        return probabilityToScore(tail);
    }

    /**
     * Maps a tail probability to [0, 1) without saturating, so that stronger evidence always
     * ranks higher: 1e-3 → 0.5, 1e-6 → 0.67, 1e-12 → 0.8, 1e-30 → 0.91.
     */
    static double probabilityToScore(double tail) {
        double decades = -Math.log10(Math.max(tail, 1e-300));
        return decades <= 0 ? 0 : decades / (decades + 3);
    }

    private void learnSurprise(double surprise) {
        double alpha = 1.0 / Math.min(count, settings.surpriseMemory());
        double delta = surprise - surpriseMean;
        surpriseMean += alpha * delta;
        surpriseVar = (1 - alpha) * (surpriseVar + alpha * delta * delta);
        if (count > recent.length) {
            recentSum -= recent[recentAt];
        }
        recent[recentAt] = surprise;
        recentSum += surprise;
        recentAt = (recentAt + 1) % recent.length;
        pointSurprise.add(surprise);
        windowSurprise.add(recentSum / Math.min(count, recent.length));
    }

    private void learnLevel(double value, int d, int w) {
        if (count == 0) {
            level = value;
            return;
        }
        double levelAlpha = Math.max(1.0 / (count + 1), settings.levelAlpha());
        double deseasoned = value - (dailySeen[d] >= 2 ? daily[d] : 0);
        level += levelAlpha * (deseasoned - level);
        double gap = value - level;
        // A slot learns once per visit, from the visit's mean: readings within one half-hour are not
        // independent days, and learning from each would let the profile chase an anomaly within minutes.
        dayVisit.add(d, gap, daily, dailySeen, settings.rhythmAlpha());
        weekVisit.add(w, gap, weekly, weeklySeen, settings.rhythmAlpha());
    }

    /** Everything learnt (after the settings, which {@link StateIo#writeSettings} writes; the alphas follow from them). */
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(count);
        out.writeDouble(level);
        StateIo.writeDoubles(out, daily);
        StateIo.writeInts(out, dailySeen);
        StateIo.writeDoubles(out, weekly);
        StateIo.writeInts(out, weeklySeen);
        out.writeDouble(flatError);
        out.writeDouble(dailyError);
        out.writeDouble(weeklyError);
        out.writeDouble(errorScale);
        out.writeDouble(surpriseMean);
        out.writeDouble(surpriseVar);
        pointSurprise.write(out);
        windowSurprise.write(out);
        StateIo.writeDoubles(out, recent);
        out.writeInt(recentAt);
        out.writeDouble(recentSum);
        out.writeDouble(lastRarity);
        dayVisit.write(out);
        weekVisit.write(out);
        out.writeDouble(lastExpected);
        out.writeDouble(lastSpread);
    }

    void read(java.io.DataInput in) throws java.io.IOException {
        count = in.readLong();
        level = in.readDouble();
        StateIo.readDoubles(in, daily);
        StateIo.readInts(in, dailySeen);
        StateIo.readDoubles(in, weekly);
        StateIo.readInts(in, weeklySeen);
        flatError = in.readDouble();
        dailyError = in.readDouble();
        weeklyError = in.readDouble();
        errorScale = in.readDouble();
        surpriseMean = in.readDouble();
        surpriseVar = in.readDouble();
        pointSurprise.read(in);
        windowSurprise.read(in);
        StateIo.readDoubles(in, recent);
        recentAt = in.readInt();
        recentSum = in.readDouble();
        lastRarity = in.readDouble();
        dayVisit.read(in);
        weekVisit.read(in);
        lastExpected = in.readDouble();
        lastSpread = in.readDouble();
    }

    DetectorSettings settings() {
        return settings;
    }

    /** The slot of a profile being visited and the sum and count of its gaps so far; applied when the visit ends. */
    private static final class Visit implements Serializable {
        private int slot = -1;
        private double sum;
        private int count;

        void add(int newSlot, double gap, double[] profile, int[] seen, double alpha) {
            if (newSlot != slot) {
                if (slot >= 0 && count > 0) {
                    seen[slot]++;
                    profile[slot] += Math.max(1.0 / seen[slot], alpha) * (sum / count - profile[slot]);
                }
                slot = newSlot;
                sum = 0;
                count = 0;
            }
            sum += gap;
            count++;
        }

        void write(java.io.DataOutput out) throws java.io.IOException {
            out.writeInt(slot);
            out.writeDouble(sum);
            out.writeInt(count);
        }

        void read(java.io.DataInput in) throws java.io.IOException {
            slot = in.readInt();
            sum = in.readDouble();
            count = in.readInt();
        }
    }

    private double ewma(double current, double sample, double alpha) {
        return current + Math.max(alpha, 1.0 / (count + 1)) * (sample - current);
    }

    private double ewmaSq(double current, double error) {
        double sq = error * error;
        return Double.isNaN(current) ? sq : ewma(current, sq, squaredErrorAlpha);
    }

    static int daySlot(long epochMillis) {
        return (int) (Math.floorMod(epochMillis, DAY_MILLIS) / (DAY_MILLIS / DAY_SLOTS));
    }

    static int weekSlot(long epochMillis) {
        return (int) (Math.floorMod(epochMillis - MONDAY_SHIFT_MILLIS, WEEK_MILLIS) / 3_600_000L);
    }

    /** P(Z > z) for a standard normal Z (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
    static double normalTail(double z) {
        if (z < 0) {
            return 1 - normalTail(-z);
        }
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
        return Math.max(0.5 * erfc, 1e-300);
    }
}
