package no.varde.platform.nab;

/** NAB's application profiles (NAB config/profiles.json): weights of a true positive, a missed window and a false positive. */
public enum NabProfile {
    STANDARD("standard", 1.0, 1.0, 0.11),
    REWARD_LOW_FP_RATE("reward_low_FP_rate", 1.0, 1.0, 0.22),
    REWARD_LOW_FN_RATE("reward_low_FN_rate", 1.0, 2.0, 0.11);

    private final String id;
    final double tpWeight;
    final double fnWeight;
    final double fpWeight;

    NabProfile(String id, double tpWeight, double fnWeight, double fpWeight) {
        this.id = id;
        this.tpWeight = tpWeight;
        this.fnWeight = fnWeight;
        this.fpWeight = fpWeight;
    }

    public String id() {
        return id;
    }
}
